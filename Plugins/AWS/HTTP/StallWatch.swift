import Dispatch

/// The stall limit of one transfer, kept by the transport's loop thread
/// (and touched by no other): how long since bytes last moved, not counting
/// the time the transfer is paused waiting for the host's reader or writer.
///
/// The transport applies the limit itself instead of curl's
/// `CURLOPT_LOW_SPEED_*`, because curl (7.88) exempts only a paused
/// download from its low-speed check, not a paused upload — and neither a
/// slow host nor a pause may count as the network stalling. A transfer is
/// stalled when, connected and not paused for the host, no request or reply
/// byte has moved for `limit`.
struct StallWatch {
    /// Nanoseconds without a moving byte that end the transfer.
    let limit: UInt64
    private var lastMoved: UInt64
    /// Paused: waiting for the host to make room or bring bytes.
    private(set) var waitingOnHost = false

    init(seconds: Double, now: UInt64 = StallWatch.now()) {
        limit = UInt64(max(0.001, seconds) * 1_000_000_000)
        lastMoved = now
    }

    static func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

    /// Bytes moved (a header, a body piece, upload bytes handed to curl).
    mutating func moved(now: UInt64 = StallWatch.now()) {
        lastMoved = now
    }

    /// A callback paused the transfer to wait for the host.
    mutating func pausedForHost() {
        waitingOnHost = true
    }

    /// The host is ready again: the stall clock starts afresh.
    mutating func resumed(now: UInt64 = StallWatch.now()) {
        waitingOnHost = false
        lastMoved = now
    }

    /// Whether the limit has passed without a byte while not waiting on the host.
    func stalled(now: UInt64 = StallWatch.now()) -> Bool {
        !waitingOnHost && now >= lastMoved && now - lastMoved >= limit
    }
}
