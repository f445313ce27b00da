import AWSHTTP
import CloudKitModel

/// The provider options that bound every request, read into the
/// transport's `HTTPTransportOptions`: a connect timeout and a stall limit
/// for everything, an overall timeout for calls with small replies, and a
/// cap on replies read into memory.
enum AWSRequestLimits {
    private static let defaults = HTTPTransportOptions()

    /// The option keys, with their meanings and defaults.
    static let optionDescriptions: [(String, String)] = [
        ("connect_timeout_ms", "Connect timeout in milliseconds (default \(milliseconds(defaults.connectTimeout)))"),
        ("request_timeout_ms",
         "Overall timeout in milliseconds of a call with a small reply (every call but object bodies; long polls and function runs add their wait) (default \(milliseconds(defaults.requestTimeout ?? 0)))"),
        ("stall_timeout_ms",
         "A transfer that moves no byte for this many milliseconds ends with timeout; time waiting for the caller's body reader or writer does not count (default \(milliseconds(defaults.stallTimeout)))"),
        ("max_reply_bytes",
         "Largest reply read into memory that was not asked to be large (error bodies, service replies) (default \(defaults.maxReplyBytes))"),
    ]

    /// The transport options the client `options` ask for; `invalid argument` naming a bad one.
    static func transportOptions(_ options: [String: String]) throws(CloudError) -> HTTPTransportOptions {
        var transport = defaults
        if let value = try AWSConfiguration.integer(options["connect_timeout_ms"], "connect_timeout_ms", 1...600_000) {
            transport.connectTimeout = Double(value) / 1000
        }
        if let value = try AWSConfiguration.integer(options["request_timeout_ms"], "request_timeout_ms", 1...86_400_000) {
            transport.requestTimeout = Double(value) / 1000
        }
        if let value = try AWSConfiguration.integer(options["stall_timeout_ms"], "stall_timeout_ms", 1...86_400_000) {
            transport.stallTimeout = Double(value) / 1000
        }
        if let value = try AWSConfiguration.integer(options["max_reply_bytes"], "max_reply_bytes", 1024...(1 << 32)) {
            transport.maxReplyBytes = Int64(value)
        }
        return transport
    }

    private static func milliseconds(_ seconds: Double) -> Int { Int((seconds * 1000).rounded()) }
}
