import Foundation

/// AWS credentials and where they came from. Printing them never shows the
/// secret key or the session token.
///
/// The value the signer signs with lives here, in AWSAuth; the sources that
/// find and refresh it (`CredentialProvider` and its kinds) all live in
/// `Plugins/AWS/Provider/Credentials`, in the provider target, because some
/// of them (STS roles, web identity) send requests through the provider's
/// request pipeline.
public struct AWSCredentials: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    public var accessKeyID: String
    public var secretAccessKey: String
    public var sessionToken: String?
    /// When temporary credentials stop working; nil for long-term keys.
    public var expiration: Date?
    /// The source, e.g. "environment" or "profile default (~/.aws/credentials)".
    public var source: String

    public init(accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil, expiration: Date? = nil, source: String) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
        self.expiration = expiration
        self.source = source
    }

    public var description: String {
        "AWSCredentials(accessKeyID: \(accessKeyID), source: \(source)\(sessionToken == nil ? "" : ", temporary"))"
    }

    public var debugDescription: String { description }
}
