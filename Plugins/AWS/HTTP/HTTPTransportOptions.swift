/// Limits of a transport, applied to every request it sends.
///
/// Every request has the connect timeout and the stall limit; a call (see
/// `HTTPTimeLimit`) also has the request timeout; every body kept in memory
/// (error replies, `.memory` sinks) is capped at `maxReplyBytes` unless its
/// request's `ReplyCheck` allows more.
public struct HTTPTransportOptions: Sendable {
    /// The default connect timeout: 10 s.
    public static let defaultConnectTimeout: Double = 10
    /// The default request timeout of a call: 60 s.
    public static let defaultRequestTimeout: Double = 60
    /// The default stall limit: 60 s without a moving byte.
    public static let defaultStallTimeout: Double = 60
    /// The default cap on a reply kept in memory: 32 MiB, above the largest
    /// reply an AWS call makes by design (DynamoDB `BatchGetItem` up to 16 MB
    /// of items, ten SQS messages of up to 1 MiB each, a 6 MB Lambda result).
    public static let defaultMaxReplyBytes: Int64 = 32 << 20

    /// The receive buffer of a body bound for a file, a stream or its place
    /// in a download, and the send buffer of a body from a file, a stream
    /// or a large one in memory: 512 KiB, where curl's defaults are 16 KiB
    /// and 64 KiB, so a large body passes the callbacks (and a stream's
    /// writer or reader) in a few thousand pieces instead of tens of
    /// thousands (GET to a file or a stream 20–50% faster here; 2 MiB did
    /// no better). Small requests keep the defaults: a handle keeps its
    /// buffer, and most carry a few KiB.
    public static let bulkBufferSize = 512 << 10

    /// Seconds to establish a connection.
    public var connectTimeout: Double
    /// Seconds a call (`HTTPTimeLimit.call`) may take in all, waiting included; nil for none.
    /// Body transfers (`HTTPTimeLimit.transfer`) have no overall limit.
    public var requestTimeout: Double?
    /// Seconds a transfer may go without moving a byte before it ends with
    /// `timeout`; time paused for the host's body reader or writer does not
    /// count (see `StallWatch`).
    public var stallTimeout: Double
    /// The most bytes of a reply body kept in memory when its request did not ask for more.
    public var maxReplyBytes: Int64
    /// Verify TLS certificates and host names (never turn off outside tests).
    public var verifyTLS: Bool

    public init(
        connectTimeout: Double = defaultConnectTimeout, requestTimeout: Double? = defaultRequestTimeout,
        stallTimeout: Double = defaultStallTimeout, maxReplyBytes: Int64 = defaultMaxReplyBytes, verifyTLS: Bool = true
    ) {
        self.connectTimeout = connectTimeout
        self.requestTimeout = requestTimeout
        self.stallTimeout = stallTimeout
        self.maxReplyBytes = maxReplyBytes
        self.verifyTLS = verifyTLS
    }
}
