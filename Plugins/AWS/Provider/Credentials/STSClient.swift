import AWSAuth
import AWSHTTP
import CloudKitModel
import CloudKitProviderSupport
import Foundation

/// AWS STS over the query protocol: the identity of the caller and the
/// temporary credentials of roles. Endpoint: `endpoint_url`, else
/// `AWS_ENDPOINT_URL_STS`, else `AWS_ENDPOINT_URL`, else the regional
/// `sts.<region>.amazonaws.com`.
struct STSClient: Sendable {
    let service: AWSQueryService

    /// `credentials` sign the calls (`AssumeRoleWithWebIdentity` is sent unsigned).
    init(configuration: AWSConfiguration, transport: CurlTransport, credentials: any CredentialProvider, logger: ProviderLogger) throws(CloudError) {
        service = AWSQueryService(sender: AWSServiceSender(
            name: "STS", signingName: "sts", endpoint: try ServiceEndpoint(configuration: configuration, service: "STS", hostPrefix: "sts"),
            configuration: configuration, transport: transport, credentials: credentials, logger: logger), version: "2011-06-15")
    }

    /// Who the signing credentials belong to.
    struct Identity: Sendable, Hashable {
        var account: String
        var arn: String
        var userID: String
    }

    func callerIdentity() async throws(CloudError) -> Identity {
        let result = try await service.call("GetCallerIdentity", [])
        guard let account = result.text("Account"), let arn = result.text("Arn") else {
            throw .internal("STS GetCallerIdentity returned no account or ARN")
        }
        return Identity(account: account, arn: arn, userID: result.text("UserId") ?? "")
    }

    /// `AssumeRole` with the signing credentials.
    func assumeRole(_ role: String, sessionName: String, externalID: String?, durationSeconds: Int?, source: String) async throws(CloudError) -> AWSCredentials {
        var parameters = [("RoleArn", role), ("RoleSessionName", sessionName)]
        if let externalID { parameters.append(("ExternalId", externalID)) }
        if let durationSeconds { parameters.append(("DurationSeconds", String(durationSeconds))) }
        return try Self.credentials(try await service.call("AssumeRole", parameters), source: source)
    }

    /// `AssumeRoleWithWebIdentity`, unsigned: the token is the proof, and
    /// is hidden from the reply's text like a signed request's secrets.
    func assumeRoleWithWebIdentity(_ role: String, sessionName: String, token: String, source: String) async throws(CloudError) -> AWSCredentials {
        let result = try await service.call(
            "AssumeRoleWithWebIdentity", [("RoleArn", role), ("RoleSessionName", sessionName), ("WebIdentityToken", token)],
            signing: .unsigned(secrets: [token]))
        return try Self.credentials(result, source: source)
    }

    /// The `<Credentials>` of an assume-role result.
    static func credentials(_ result: XMLTree, source: String) throws(CloudError) -> AWSCredentials {
        guard let credentials = result.child("Credentials"), let key = credentials.text("AccessKeyId"),
              let secret = credentials.text("SecretAccessKey"), let token = credentials.text("SessionToken")
        else { throw .internal("STS returned no credentials") }
        return AWSCredentials(
            accessKeyID: key, secretAccessKey: secret, sessionToken: token,
            expiration: credentials.text("Expiration").flatMap(ISO8601Date.parse), source: source)
    }

    /// A default session name, as the AWS CLI makes one.
    static func defaultSessionName() -> String { "cloudkit-\(Int(Date().timeIntervalSince1970))" }
}
