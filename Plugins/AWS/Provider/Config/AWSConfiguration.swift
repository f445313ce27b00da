import AWSAuth
import AWSHTTP
import CloudKitModel
import Foundation

/// The AWS provider's settings, from client options first and the standard
/// `AWS_*` environment and shared files second.
///
/// Region: option `region` → `AWS_REGION` → `AWS_DEFAULT_REGION` → the
/// profile's `region` → `us-east-1`. Endpoint of a service: option
/// `endpoint_url` → `AWS_ENDPOINT_URL_<SERVICE>` → `AWS_ENDPOINT_URL` → AWS's own.
public struct AWSConfiguration: Sendable {
    public var region: String
    public var profile: String?
    public var endpointOverride: String?
    public var explicitCredentials: AWSCredentials?
    public var forcePathStyle: Bool
    public var maxAttempts: Int
    /// Timeouts and the reply cap of every request (see `AWSRequestLimits`).
    public var transport: HTTPTransportOptions
    /// How S3 uploads large objects in parts.
    public var multipart: S3MultipartSettings
    public var environment: [String: String]

    /// Every option key the provider accepts, with its meaning.
    public static let optionDescriptions: [(String, String)] = [
        ("region", "AWS region (else AWS_REGION, AWS_DEFAULT_REGION, the profile's region, us-east-1)"),
        ("endpoint_url", "Endpoint for every service, e.g. an emulator (else AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL)"),
        ("profile", "Shared-config profile (else AWS_PROFILE, default)"),
        ("access_key_id", "Access key id (with secret_access_key; else the standard credential chain)"),
        ("secret_access_key", "Secret access key"),
        ("session_token", "Session token for temporary credentials"),
        ("force_path_style", "true: always address S3 buckets in the path"),
        ("max_attempts", "Attempts per request including retries (default 3)"),
    ] + AWSRequestLimits.optionDescriptions + [
        ("multipart_threshold_mb", "S3 objects of this many MiB or more are uploaded in parts (default 8)"),
        ("multipart_part_size_mb", "Size of each part in MiB, 5 or more (default 8; grown to stay within 10,000 parts)"),
        ("multipart_concurrency", "Parts of one upload sent at once (default 4)"),
    ]

    public init(options: [String: String], environment: [String: String]) throws(CloudError) {
        self.environment = environment
        func nonEmpty(_ value: String?) -> String? { value.flatMap { $0.isEmpty ? nil : $0 } }
        profile = nonEmpty(options["profile"])
        let shared = AWSSharedConfig(profile: profile, environment: environment)
        region = nonEmpty(options["region"]) ?? nonEmpty(environment["AWS_REGION"]) ?? nonEmpty(environment["AWS_DEFAULT_REGION"])
            ?? shared.region() ?? "us-east-1"
        endpointOverride = nonEmpty(options["endpoint_url"])
        if let endpoint = endpointOverride { try Self.validateEndpoint(endpoint, "endpoint_url") }
        switch (nonEmpty(options["access_key_id"]), nonEmpty(options["secret_access_key"])) {
        case (nil, nil):
            explicitCredentials = nil
            if options["session_token"] != nil { throw .invalidArgument("session_token needs access_key_id and secret_access_key") }
        case (.some(let key), .some(let secret)):
            explicitCredentials = AWSCredentials(
                accessKeyID: key, secretAccessKey: secret, sessionToken: nonEmpty(options["session_token"]), source: "client options")
        default:
            throw .invalidArgument("access_key_id and secret_access_key must be given together")
        }
        forcePathStyle = try Self.bool(options["force_path_style"], "force_path_style") ?? false
        maxAttempts = try Self.integer(options["max_attempts"], "max_attempts", 1...10) ?? 3
        transport = try AWSRequestLimits.transportOptions(options)
        let mebibyte: Int64 = 1 << 20
        multipart = S3MultipartSettings(
            threshold: Int64(try Self.integer(options["multipart_threshold_mb"], "multipart_threshold_mb", 5...5120) ?? 8) * mebibyte,
            partSize: Int64(try Self.integer(options["multipart_part_size_mb"], "multipart_part_size_mb", 5...5120) ?? 8) * mebibyte,
            concurrency: try Self.integer(options["multipart_concurrency"], "multipart_concurrency", 1...32) ?? 4)
    }

    /// The endpoint for `service` ("S3", "DynamoDB", …) and whether it was overridden.
    public func endpoint(service: String, defaultHost: String) throws(CloudError) -> (url: String, overridden: Bool) {
        if let endpointOverride { return (Self.trimmed(endpointOverride), true) }
        let variable = "AWS_ENDPOINT_URL_" + service.uppercased().replacingOccurrences(of: " ", with: "_")
        for name in [variable, "AWS_ENDPOINT_URL"] {
            if let value = environment[name], !value.isEmpty {
                try Self.validateEndpoint(value, name)
                return (Self.trimmed(value), true)
            }
        }
        return ("https://\(defaultHost)", false)
    }

    static func trimmed(_ url: String) -> String {
        url.hasSuffix("/") ? String(url.dropLast()) : url
    }

    static func validateEndpoint(_ value: String, _ name: String) throws(CloudError) {
        guard let url = URL(string: value), let scheme = url.scheme, ["http", "https"].contains(scheme), url.host != nil else {
            throw .invalidArgument("\(name) must be an http or https URL, not '\(value)'")
        }
    }

    static func bool(_ value: String?, _ name: String) throws(CloudError) -> Bool? {
        guard let value else { return nil }
        switch value.lowercased() {
        case "true", "1", "yes": return true
        case "false", "0", "no": return false
        default: throw .invalidArgument("\(name) must be true or false, not '\(value)'")
        }
    }

    static func integer(_ value: String?, _ name: String, _ range: ClosedRange<Int>) throws(CloudError) -> Int? {
        guard let value else { return nil }
        guard let number = Int(value), range.contains(number) else {
            throw .invalidArgument("\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound), not '\(value)'")
        }
        return number
    }
}
