import AWSAuth
import CloudKitModel
import Foundation

/// Where an S3 request goes: virtual-hosted style (`bucket.s3.region.amazonaws.com/key`)
/// by default; path style (`endpoint/bucket/key`) when an endpoint is given,
/// when forced, or when the bucket name cannot be a DNS label under TLS.
struct S3Addressing: Sendable {
    let endpoint: URLComponents
    let pathStyle: Bool
    let region: String

    init(configuration: AWSConfiguration) throws(CloudError) {
        let (url, overridden) = try configuration.endpoint(service: "S3", defaultHost: "s3.\(configuration.region).amazonaws.com")
        guard let components = URLComponents(string: url), components.host != nil else {
            throw .invalidArgument("S3 endpoint '\(url)' is not a URL")
        }
        endpoint = components
        pathStyle = overridden || configuration.forcePathStyle
        region = configuration.region
    }

    /// True when `bucket` can be a host label (no dots under https, DNS rules).
    func virtualHostable(_ bucket: String) -> Bool {
        if pathStyle { return false }
        if endpoint.scheme == "https" && bucket.contains(".") { return false }
        return bucket.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "-" || $0 == "." } && bucket.count >= 3 && bucket.count <= 63
    }

    /// The host (with a non-default port) and the decoded path for a bucket/key.
    func target(bucket: String?, key: String?) -> (host: String, path: String) {
        var host = endpoint.host ?? ""
        var path = endpoint.path.hasSuffix("/") ? String(endpoint.path.dropLast()) : endpoint.path
        if let bucket {
            if virtualHostable(bucket) {
                host = "\(bucket).\(host)"
            } else {
                path += "/\(bucket)"
            }
        }
        path += "/" + (key ?? "")
        if let port = endpoint.port { host += ":\(port)" }
        return (host, path)
    }

    /// The full wire URL.
    func url(host: String, path: String, query: [QueryItem]) -> String {
        let scheme = endpoint.scheme ?? "https"
        let queryText = SigV4Signer.encodeQuery(query)
        return "\(scheme)://\(host)\(SigV4Signer.encodePath(path))\(queryText.isEmpty ? "" : "?" + queryText)"
    }
}
