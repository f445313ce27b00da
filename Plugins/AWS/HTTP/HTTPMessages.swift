import CloudKitModel
import Foundation

/// An HTTP request as it goes on the wire.
public struct HTTPRequest: Sendable {
    public var method: String
    /// The complete URL, already percent-encoded.
    public var url: String
    public var headers: [HTTPHeader]
    public var body: BodySource?
    /// Seconds this request may take in all (connecting included), overriding the transport's
    /// timeouts; nil for the transport's. Metadata endpoints use short ones to fail fast.
    public var timeout: Double?
    /// Which of the transport's time limits bound it: a call's (the default) or a body transfer's.
    public var timeLimit: HTTPTimeLimit
    /// Checks a 2xx reply's status and headers before its body is read (see `ReplyCheck`); nil for none.
    public var replyCheck: ReplyCheck?
    /// Where a 2xx reply's body is written in place instead of going to the sink (see `ReplyPlacement`); nil for none.
    public var placement: ReplyPlacement?

    public init(
        method: String, url: String, headers: [HTTPHeader] = [], body: BodySource? = nil, timeout: Double? = nil,
        timeLimit: HTTPTimeLimit = .call(), replyCheck: ReplyCheck? = nil, placement: ReplyPlacement? = nil
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
        self.timeLimit = timeLimit
        self.replyCheck = replyCheck
        self.placement = placement
    }
}

/// The final response of one request.
public struct HTTPResponse: Sendable {
    public var status: Int
    public var headers: [HTTPHeader]
    /// The body when it was collected in memory (always for error statuses), else empty.
    public var body: Data
    /// The body bytes written through the request's `placement` (0 without one).
    public var placed: Int64

    public init(status: Int, headers: [HTTPHeader], body: Data, placed: Int64 = 0) {
        self.status = status
        self.headers = headers
        self.body = body
        self.placed = placed
    }
}
