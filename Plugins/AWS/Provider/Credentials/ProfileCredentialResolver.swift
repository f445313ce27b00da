import AWSAuth
import AWSHTTP
import CloudKitModel
import CloudKitProviderSupport
import Foundation

/// The credentials a profile of the shared files describes, as the AWS CLI
/// reads them: `role_arn` (with `source_profile` — chained, loops refused —
/// or `credential_source`, or `web_identity_token_file`), then
/// `credential_process`, then static keys. Temporary credentials are cached
/// and refreshed before they expire.
struct ProfileCredentialResolver: CredentialProvider {
    let config: AWSSharedConfig
    let configuration: AWSConfiguration
    let transport: CurlTransport
    let logger: ProviderLogger
    var sourceName: String { "shared files (profile \(config.profileName))" }

    func resolve() async throws(CloudError) -> AWSCredentials {
        try await provider(for: config.profileName, visited: []).resolve()
    }

    /// The provider of profile `name`; `visited` holds the profiles that led here.
    func provider(for name: String, visited: [String]) throws(CloudError) -> any CredentialProvider {
        guard let settings = try config.settings(of: name) else {
            if visited.isEmpty {
                throw .credentialsUnavailable("no profile '\(name)' in \(config.credentialsPath) or \(config.configPath)")
            }
            throw CloudError(.invalidArgument, "profile '\(visited.last ?? "")' names source_profile '\(name)', which does not exist", code: "ProfileNotFound")
        }
        func value(_ key: String) -> String? { settings[key].flatMap { $0.isEmpty ? nil : $0 } }
        if let role = value("role_arn") {
            let source: any CredentialProvider
            if let sourceProfile = value("source_profile") {
                if sourceProfile == name {
                    // A profile may name itself to use its own keys for the role.
                    guard let keys = staticKeys(settings, name) else { throw loop(visited + [name, sourceProfile]) }
                    source = StaticCredentialProvider(keys)
                } else if visited.contains(sourceProfile) {
                    throw loop(visited + [name, sourceProfile])
                } else if let sourceSettings = try config.settings(of: sourceProfile), let keys = staticKeys(sourceSettings, sourceProfile) {
                    source = StaticCredentialProvider(keys)
                } else {
                    source = try provider(for: sourceProfile, visited: visited + [name])
                }
            } else if let credentialSource = value("credential_source") {
                source = try self.credentialSource(credentialSource, profile: name)
            } else if let tokenFile = value("web_identity_token_file") {
                return RefreshingCredentialProvider(try WebIdentityCredentialProvider(
                    tokenFile: tokenFile, role: role, sessionName: value("role_session_name"), configuration: configuration, transport: transport,
                    logger: logger))
            } else {
                throw CloudError(.invalidArgument, "profile '\(name)' has role_arn but no source_profile, credential_source or web_identity_token_file",
                                 code: "InvalidProfile")
            }
            let duration = try value("duration_seconds").map { (text) throws(CloudError) -> Int in
                guard let seconds = Int(text), (900...43_200).contains(seconds) else {
                    throw CloudError(.invalidArgument, "profile '\(name)': duration_seconds must be 900 to 43200", code: "InvalidProfile")
                }
                return seconds
            }
            return RefreshingCredentialProvider(try AssumeRoleCredentialProvider(
                role: role, sessionName: value("role_session_name"), externalID: value("external_id"), durationSeconds: duration, profile: name,
                source: source, configuration: configuration, transport: transport, logger: logger))
        }
        if let command = value("credential_process") {
            return RefreshingCredentialProvider(ProcessCredentialProvider(command: command, profile: name, environment: configuration.environment))
        }
        if let keys = staticKeys(settings, name) { return StaticCredentialProvider(keys) }
        throw .credentialsUnavailable("profile '\(name)' has no credentials (no keys, role_arn or credential_process)")
    }

    func loop(_ path: [String]) -> CloudError {
        CloudError(.invalidArgument, "source_profile loop: \(path.joined(separator: " → "))", code: "ProfileLoop")
    }

    func staticKeys(_ settings: [String: String], _ name: String) -> AWSCredentials? {
        guard let key = settings["aws_access_key_id"], let secret = settings["aws_secret_access_key"], !key.isEmpty, !secret.isEmpty else { return nil }
        return AWSCredentials(accessKeyID: key, secretAccessKey: secret, sessionToken: settings["aws_session_token"].flatMap { $0.isEmpty ? nil : $0 },
                              source: "profile \(name) (shared files)")
    }

    /// `credential_source`: where a role's source credentials come from outside the files.
    func credentialSource(_ name: String, profile: String) throws(CloudError) -> any CredentialProvider {
        switch name {
        case "Environment": return EnvironmentCredentialProvider(environment: configuration.environment)
        case "Ec2InstanceMetadata":
            return RefreshingCredentialProvider(InstanceMetadataCredentialProvider(environment: configuration.environment, transport: transport))
        case "EcsContainer":
            return RefreshingCredentialProvider(ContainerCredentialProvider(environment: configuration.environment, transport: transport))
        default:
            throw CloudError(.invalidArgument, "profile '\(profile)': credential_source must be Environment, Ec2InstanceMetadata or EcsContainer, not \(name)",
                             code: "InvalidProfile")
        }
    }
}

/// The standard AWS credential chain, in the SDKs' order: explicit keys, the
/// environment, the shared files' profile, web identity, container
/// credentials, EC2 instance metadata. The first source that yields wins; the
/// whole chain is cached and refreshed before temporary credentials expire.
enum AWSCredentialChain {
    static func standard(configuration: AWSConfiguration, transport: CurlTransport, logger: ProviderLogger) throws(CloudError) -> RefreshingCredentialProvider {
        var providers: [any CredentialProvider] = []
        if let explicit = configuration.explicitCredentials { providers.append(StaticCredentialProvider(explicit)) }
        providers.append(EnvironmentCredentialProvider(environment: configuration.environment))
        providers.append(ProfileCredentialResolver(
            config: AWSSharedConfig(profile: configuration.profile, environment: configuration.environment), configuration: configuration,
            transport: transport, logger: logger))
        providers.append(try WebIdentityCredentialProvider(environment: configuration.environment, configuration: configuration, transport: transport, logger: logger))
        providers.append(ContainerCredentialProvider(environment: configuration.environment, transport: transport))
        providers.append(InstanceMetadataCredentialProvider(environment: configuration.environment, transport: transport))
        return RefreshingCredentialProvider(CredentialChain(providers))
    }
}
