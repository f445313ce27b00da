import CloudKitModel

/// Hands a transfer's progress from the loop thread, where curl counts the
/// bytes, to the host's handler on the transfer's `HostLane`, so host code
/// never runs on the loop — however slow it is, and serialised with the
/// transfer's reader or writer as the ABI promises. While a report waits
/// its turn, newer figures replace it: at most one is queued, and the
/// handler always sees the latest.
final class ProgressRelay: Sendable {
    private struct State {
        var latest: (done: Int64, total: Int64) = (0, -1)
        var queued = false
    }

    private let handler: ProgressHandler
    private let lane: HostLane
    private let state = Locked(State())

    init(_ handler: @escaping ProgressHandler, lane: HostLane) {
        self.handler = handler
        self.lane = lane
    }

    /// Called on the loop thread: `done` bytes of `total` (-1 when unknown).
    func report(_ done: Int64, _ total: Int64) {
        let posts = state.withLock { state -> Bool in
            state.latest = (done, total)
            guard !state.queued else { return false }
            state.queued = true
            return true
        }
        guard posts else { return }
        lane.post {
            let latest = self.state.withLock { state -> (done: Int64, total: Int64) in
                state.queued = false
                return state.latest
            }
            self.handler(latest.done, latest.total)
        }
    }
}
