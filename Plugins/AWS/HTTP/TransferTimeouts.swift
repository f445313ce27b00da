import CloudKitModel

/// The time limits one transfer runs under, from its request and the
/// transport's options, and the error when one of them ends it.
struct TransferTimeouts: Equatable {
    /// Seconds to connect.
    var connect: Double
    /// Seconds in all; nil for no overall limit (a body transfer).
    var overall: Double?
    /// Seconds without a moving byte (not counting pauses for the host; see `StallWatch`).
    var stall: Double

    init(request: HTTPRequest, options: HTTPTransportOptions) {
        var wait = 0.0
        switch request.timeLimit {
        case .call(let serverWait):
            wait = max(0, serverWait)
            overall = options.requestTimeout.map { $0 + wait }
        case .transfer:
            overall = nil
        }
        stall = options.stallTimeout + wait
        connect = options.connectTimeout
        if let explicit = request.timeout {
            overall = explicit
            connect = min(connect, explicit)
        }
    }

    /// The error of a transfer with `host` that curl ended as timed out after
    /// `elapsed` seconds; `sentNothing` when no connection was made and no
    /// request bytes left, so the service surely never saw it. Always `timeout` and retryable.
    func error(host: String, elapsed: Double, sentNothing: Bool) -> CloudError {
        if sentNothing {
            return CloudError(
                .timeout, "no connection to \(host) within \(Self.milliseconds(connect)) ms (connect_timeout_ms); the request was not sent",
                code: "ConnectTimeout", retryable: true)
        }
        if let overall, elapsed + 0.001 >= overall {
            return CloudError(
                .timeout, "\(host) did not finish replying within \(Self.milliseconds(overall)) ms (request_timeout_ms)",
                code: "RequestTimeout", retryable: true)
        }
        return stallError(host: host)
    }

    /// The error of a transfer with `host` that moved no byte for the stall limit.
    func stallError(host: String) -> CloudError {
        CloudError(
            .timeout, "the transfer with \(host) stalled: no byte moved for \(Self.milliseconds(stall)) ms (stall_timeout_ms)",
            code: "StallTimeout", retryable: true)
    }

    private static func milliseconds(_ seconds: Double) -> Int { Int((seconds * 1000).rounded()) }
}
