import Foundation

/// AWS credentials and where they came from. Printing them never shows the
/// secret key or the session token.
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
