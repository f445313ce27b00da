import AWSAuth
import CloudKitModel
import Foundation

/// Something that can produce AWS credentials.
public protocol CredentialProvider: Sendable {
    /// A short name for error messages ("environment", "shared files").
    var sourceName: String { get }
    /// The credentials, or `CredentialsUnavailable` when this source has
    /// none (the chain then tries the next), or another error that stops the chain.
    func resolve() async throws(CloudError) -> AWSCredentials
}

extension CloudError {
    /// "This source has nothing to offer": the chain moves on and records why.
    public static func credentialsUnavailable(_ why: String) -> CloudError {
        CloudError(.unauthenticated, why, code: "CredentialsUnavailable")
    }
}

/// Tries providers in order; the first that yields credentials wins. When none
/// does, the error lists every source tried and why it gave nothing (never a secret).
public struct CredentialChain: CredentialProvider {
    public let providers: [any CredentialProvider]
    public var sourceName: String { "credential chain" }

    public init(_ providers: [any CredentialProvider]) {
        self.providers = providers
    }

    public func resolve() async throws(CloudError) -> AWSCredentials {
        var reasons: [String] = []
        for provider in providers {
            do {
                return try await provider.resolve()
            } catch where error.code == "CredentialsUnavailable" {
                reasons.append("\(provider.sourceName): \(error.message)")
            }
        }
        throw CloudError(
            .unauthenticated, "no AWS credentials found; tried " + reasons.joined(separator: "; "), code: "NoCredentials")
    }
}

/// Credentials given directly (client options).
public struct StaticCredentialProvider: CredentialProvider {
    let credentials: AWSCredentials
    public var sourceName: String { credentials.source }

    public init(_ credentials: AWSCredentials) {
        self.credentials = credentials
    }

    public func resolve() async throws(CloudError) -> AWSCredentials { credentials }
}

/// `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`.
public struct EnvironmentCredentialProvider: CredentialProvider {
    let environment: [String: String]
    public var sourceName: String { "environment" }

    public init(environment: [String: String]) {
        self.environment = environment
    }

    public func resolve() async throws(CloudError) -> AWSCredentials {
        let key = environment["AWS_ACCESS_KEY_ID"].flatMap { $0.isEmpty ? nil : $0 }
        let secret = environment["AWS_SECRET_ACCESS_KEY"].flatMap { $0.isEmpty ? nil : $0 }
        switch (key, secret) {
        case (nil, nil):
            throw .credentialsUnavailable("AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set")
        case (.some, nil):
            throw .credentialsUnavailable("AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not")
        case (nil, .some):
            throw .credentialsUnavailable("AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not")
        case (.some(let key), .some(let secret)):
            let token = environment["AWS_SESSION_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
            return AWSCredentials(accessKeyID: key, secretAccessKey: secret, sessionToken: token, source: "environment")
        }
    }
}
