/// Which of the transport's time limits bound a request (see
/// `HTTPTransportOptions`). Every request has the connect timeout and the
/// stall limit; only a call has an overall limit.
public enum HTTPTimeLimit: Sendable, Equatable {
    /// A call with a small reply (a JSON or XML service call): the request
    /// timeout bounds it in all. `serverWait` is time the server may rightly
    /// spend before it answers — a long poll, a function's run — and is added
    /// to both the request timeout and the stall limit.
    case call(serverWait: Double = 0)
    /// An object body moving to or from memory, a file or a stream, or a
    /// copy done by the server: its length is the caller's, so there is no
    /// overall limit; the stall limit ends it when it stops moving.
    case transfer
}
