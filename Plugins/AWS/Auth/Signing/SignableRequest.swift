import AWSHTTP

/// One query parameter, decoded (the signer encodes it).
public struct QueryItem: Sendable, Hashable {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// A request to sign. `path` and `query` are decoded text; the signer and
/// `SigV4Signer.encodePath`/`encodeQuery` produce the wire form.
public struct SignableRequest: Sendable {
    public var method: String
    /// Decoded path, starting with "/".
    public var path: String
    public var query: [QueryItem]
    /// Must include `Host`.
    public var headers: [HTTPHeader]

    public init(method: String, path: String, query: [QueryItem] = [], headers: [HTTPHeader]) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
    }
}

/// What the signature says about the body.
public enum PayloadSigning: Sendable, Hashable {
    /// The lower-case hex SHA-256 of the body.
    case hash(String)
    /// `UNSIGNED-PAYLOAD` (S3 only): lets a body stream without hashing it first.
    case unsigned

    var value: String {
        switch self {
        case .hash(let hash): hash
        case .unsigned: "UNSIGNED-PAYLOAD"
        }
    }
}

/// A signed request plus the intermediate texts (for tests and debugging;
/// they contain no secret). The texts are kept as the bytes the signer
/// hashed and made into strings only when asked for.
public struct SignedRequest: Sendable {
    public var request: SignableRequest
    var canonicalRequestBytes: [UInt8]
    var stringToSignBytes: [UInt8]
    public var signature: String

    public var canonicalRequest: String { String(decoding: canonicalRequestBytes, as: UTF8.self) }
    public var stringToSign: String { String(decoding: stringToSignBytes, as: UTF8.self) }
}
