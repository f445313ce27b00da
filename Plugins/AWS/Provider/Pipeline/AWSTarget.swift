import AWSAuth

/// Where one request goes: the scheme, the `Host` header value (host name
/// plus a non-default port) and the decoded path. S3 makes one per bucket and
/// key (`S3Addressing`); the other services one per endpoint (`ServiceEndpoint`).
struct AWSTarget: Sendable, Hashable {
    /// "http" or "https".
    var scheme: String
    var host: String
    /// Decoded, starting with "/"; the signer and `url` encode it.
    var path: String

    /// The wire URL with `query` (encoded and sorted as SigV4 signs it).
    func url(query: [QueryItem]) -> String {
        let queryText = SigV4Signer.encodeQuery(query)
        return "\(scheme)://\(host)\(SigV4Signer.encodePath(path))\(queryText.isEmpty ? "" : "?" + queryText)"
    }
}
