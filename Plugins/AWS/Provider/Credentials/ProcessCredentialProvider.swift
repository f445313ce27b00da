import AWSAuth
import CloudKitModel
import Foundation

/// A profile's `credential_process`: runs the command and reads the JSON it
/// prints (`Version` 1, `AccessKeyId`, `SecretAccessKey`, optional
/// `SessionToken` and `Expiration`). Errors never quote the output, which
/// holds secrets.
public struct ProcessCredentialProvider: CredentialProvider {
    let command: String
    let profile: String
    let environment: [String: String]
    let timeout: TimeInterval
    public var sourceName: String { "credential_process (profile \(profile))" }

    public init(command: String, profile: String, environment: [String: String], timeout: TimeInterval = 60) {
        self.command = command
        self.profile = profile
        self.environment = environment
        self.timeout = timeout
    }

    public func resolve() async throws(CloudError) -> AWSCredentials {
        let outcome = try await CommandRunner.run(command, environment: environment, timeout: timeout)
        guard outcome.status == 0 else {
            throw CloudError(.unauthenticated, "credential_process of profile '\(profile)' exited with status \(outcome.status)", code: "CredentialProcessFailed")
        }
        return try Self.parse(outcome.stdout, source: sourceName)
    }

    /// Reads the process's JSON output.
    static func parse(_ output: Data, source: String) throws(CloudError) -> AWSCredentials {
        func failure(_ why: String) -> CloudError {
            CloudError(.unauthenticated, "\(source) printed \(why)", code: "CredentialProcessFailed")
        }
        guard let text = String(data: output, encoding: .utf8), case .object(let json)? = try? JSONValue.parse(text) else {
            throw failure("something that is not a JSON object")
        }
        guard json["Version"]?.numberText == "1" else { throw failure("no \"Version\": 1") }
        guard let key = json["AccessKeyId"]?.stringValue, !key.isEmpty, let secret = json["SecretAccessKey"]?.stringValue, !secret.isEmpty else {
            throw failure("no AccessKeyId and SecretAccessKey")
        }
        var expiration: Date?
        if let text = json["Expiration"]?.stringValue {
            guard let date = ISO8601Date.parse(text) else { throw failure("an Expiration that is not an ISO 8601 time") }
            expiration = date
        }
        return AWSCredentials(accessKeyID: key, secretAccessKey: secret, sessionToken: json["SessionToken"]?.stringValue,
                              expiration: expiration, source: source)
    }
}
