import AWSAuth
import CloudKitModel
import Foundation

/// Where an S3 request goes: virtual-hosted style (`bucket.s3.region.amazonaws.com/key`)
/// by default; path style (`endpoint/bucket/key`) when an endpoint is given,
/// when forced, or when the bucket name cannot be a DNS label under TLS.
struct S3Addressing: Sendable {
    /// "http" or "https".
    let scheme: String
    /// The endpoint's host name, without its port.
    let hostName: String
    /// ":PORT" when the endpoint names a port, else "".
    let portSuffix: String
    /// The endpoint's own path, without a trailing slash ("" for most).
    let basePath: String
    let pathStyle: Bool
    let region: String

    init(configuration: AWSConfiguration) throws(CloudError) {
        let (url, overridden) = try configuration.endpoint(service: "S3", defaultHost: "s3.\(configuration.region).amazonaws.com")
        guard let components = URLComponents(string: url), let host = components.host else {
            throw .invalidArgument("S3 endpoint '\(url)' is not a URL")
        }
        // Taken apart once here, not for every request.
        scheme = components.scheme ?? "https"
        hostName = host
        portSuffix = components.port.map { ":\($0)" } ?? ""
        basePath = components.path.hasSuffix("/") ? String(components.path.dropLast()) : components.path
        pathStyle = overridden || configuration.forcePathStyle
        region = configuration.region
    }

    /// True when `bucket` can be a host label (no dots under https, DNS rules).
    func virtualHostable(_ bucket: String) -> Bool {
        if pathStyle { return false }
        if scheme == "https" && bucket.contains(".") { return false }
        return bucket.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "-" || $0 == "." } && bucket.count >= 3 && bucket.count <= 63
    }

    /// Where a request for a bucket/key goes: the host (with a non-default port) and the decoded path.
    func target(bucket: String?, key: String?) -> AWSTarget {
        var host = hostName
        var path = basePath
        if let bucket {
            if virtualHostable(bucket) {
                host = "\(bucket).\(host)"
            } else {
                path += "/\(bucket)"
            }
        }
        path += "/" + (key ?? "")
        return AWSTarget(scheme: scheme, host: host + portSuffix, path: path)
    }
}
