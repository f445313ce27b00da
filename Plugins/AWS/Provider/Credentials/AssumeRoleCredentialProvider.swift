import AWSAuth
import AWSHTTP
import CloudKitModel
import CloudKitProviderSupport
import Foundation

/// A profile's `role_arn`: temporary credentials from STS `AssumeRole`,
/// signed with the credentials of `source_profile` or `credential_source`.
struct AssumeRoleCredentialProvider: CredentialProvider {
    let role: String
    let sessionName: String
    let externalID: String?
    let durationSeconds: Int?
    let profile: String
    let sts: STSClient
    var sourceName: String { "assume role \(role) (profile \(profile))" }

    init(
        role: String, sessionName: String?, externalID: String?, durationSeconds: Int?, profile: String, source: any CredentialProvider,
        configuration: AWSConfiguration, transport: CurlTransport, logger: ProviderLogger
    ) throws(CloudError) {
        self.role = role
        self.sessionName = sessionName ?? STSClient.defaultSessionName()
        self.externalID = externalID
        self.durationSeconds = durationSeconds
        self.profile = profile
        sts = try STSClient(configuration: configuration, transport: transport, credentials: source, logger: logger)
    }

    func resolve() async throws(CloudError) -> AWSCredentials {
        try await sts.assumeRole(role, sessionName: sessionName, externalID: externalID, durationSeconds: durationSeconds, source: sourceName)
    }
}

/// Web identity: `AssumeRoleWithWebIdentity` with the token in a file,
/// re-read on every refresh (tools rotate it). From
/// `AWS_WEB_IDENTITY_TOKEN_FILE` + `AWS_ROLE_ARN` (+ `AWS_ROLE_SESSION_NAME`),
/// or a profile's `web_identity_token_file` + `role_arn`.
struct WebIdentityCredentialProvider: CredentialProvider {
    let tokenFile: String?
    let role: String?
    let sessionName: String
    let sts: STSClient
    var sourceName: String { "web identity" }

    init(tokenFile: String?, role: String?, sessionName: String?, configuration: AWSConfiguration, transport: CurlTransport, logger: ProviderLogger) throws(CloudError) {
        self.tokenFile = tokenFile.flatMap { $0.isEmpty ? nil : $0 }
        self.role = role.flatMap { $0.isEmpty ? nil : $0 }
        self.sessionName = sessionName.flatMap { $0.isEmpty ? nil : $0 } ?? STSClient.defaultSessionName()
        sts = try STSClient(configuration: configuration, transport: transport, credentials: StaticCredentialProvider(
            AWSCredentials(accessKeyID: "", secretAccessKey: "", source: "unsigned")), logger: logger)
    }

    /// From the environment's variables.
    init(environment: [String: String], configuration: AWSConfiguration, transport: CurlTransport, logger: ProviderLogger) throws(CloudError) {
        try self.init(
            tokenFile: environment["AWS_WEB_IDENTITY_TOKEN_FILE"], role: environment["AWS_ROLE_ARN"],
            sessionName: environment["AWS_ROLE_SESSION_NAME"], configuration: configuration, transport: transport, logger: logger)
    }

    func resolve() async throws(CloudError) -> AWSCredentials {
        guard let tokenFile else { throw .credentialsUnavailable("AWS_WEB_IDENTITY_TOKEN_FILE is not set") }
        guard let role else { throw .credentialsUnavailable("AWS_WEB_IDENTITY_TOKEN_FILE is set but AWS_ROLE_ARN is not") }
        guard let data = FileManager.default.contents(atPath: tokenFile),
              let token = String(data: data, encoding: .utf8)?.trimmingCharacters(in: .whitespacesAndNewlines), !token.isEmpty
        else { throw CloudError(.unauthenticated, "the web identity token file \(tokenFile) cannot be read or is empty", code: "WebIdentityTokenUnreadable") }
        return try await sts.assumeRoleWithWebIdentity(role, sessionName: sessionName, token: token, source: "web identity (\(role))")
    }
}
