import AWSAuth
import CloudKitModel
import Foundation

/// The endpoint of a regional AWS service reached at one host (DynamoDB,
/// SQS, SNS, Lambda, STS): the configured override or `<prefix>.<region>.amazonaws.com`.
struct ServiceEndpoint: Sendable {
    /// "http" or "https".
    let scheme: String
    /// The `Host` header value: host name plus a non-default port.
    let host: String
    /// The endpoint's own path, without a trailing slash ("" for most).
    let basePath: String

    /// `service` is the name the `AWS_ENDPOINT_URL_<SERVICE>` variable uses ("DynamoDB").
    init(configuration: AWSConfiguration, service: String, hostPrefix: String) throws(CloudError) {
        let (url, _) = try configuration.endpoint(service: service, defaultHost: "\(hostPrefix).\(configuration.region).amazonaws.com")
        guard let components = URLComponents(string: url), let host = components.host, let scheme = components.scheme else {
            throw .invalidArgument("\(service) endpoint '\(url)' is not a URL")
        }
        self.scheme = scheme
        self.host = components.port.map { "\(host):\($0)" } ?? host
        basePath = components.path.hasSuffix("/") ? String(components.path.dropLast()) : components.path
    }

    /// Where a request to `path` goes (decoded, below the endpoint's own path; "/" for the JSON protocols).
    func target(_ path: String) -> AWSTarget {
        AWSTarget(scheme: scheme, host: host, path: basePath + path)
    }
}
