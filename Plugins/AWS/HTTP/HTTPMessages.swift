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

    public init(method: String, url: String, headers: [HTTPHeader] = [], body: BodySource? = nil, timeout: Double? = nil) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
    }
}

/// The final response of one request.
public struct HTTPResponse: Sendable {
    public var status: Int
    public var headers: [HTTPHeader]
    /// The body when it was collected in memory (always for error statuses), else empty.
    public var body: Data

    public init(status: Int, headers: [HTTPHeader], body: Data) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}

/// Limits of a transport.
public struct HTTPTransportOptions: Sendable {
    /// Seconds to establish a connection.
    public var connectTimeout: Double = 10
    /// Seconds for a whole request; nil for none.
    public var requestTimeout: Double?
    /// Verify TLS certificates and host names (never turn off outside tests).
    public var verifyTLS = true

    public init(connectTimeout: Double = 10, requestTimeout: Double? = nil, verifyTLS: Bool = true) {
        self.connectTimeout = connectTimeout
        self.requestTimeout = requestTimeout
        self.verifyTLS = verifyTLS
    }
}
