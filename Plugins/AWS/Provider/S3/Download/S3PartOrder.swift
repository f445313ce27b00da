import CloudKitModel

/// Lets the parts of a download to a stream through one at a time, in part
/// order: `turn(n)` returns once part n − 1 is `done` (part 1 goes first).
/// Waiting holds no thread. A part whose task is cancelled while it waits
/// (another part failed) stops with `cancelled`.
final class S3PartOrder: Sendable {
    private struct State {
        /// The part whose turn it is.
        var next = 1
        var waiting: [Int: CheckedContinuation<Bool, Never>] = [:]
    }

    private let state = Locked(State())

    /// Waits until it is `part`'s turn.
    func turn(_ part: Int) async throws(CloudError) {
        let ready = await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
                let now: Bool? = state.withLock { state in
                    if Task.isCancelled { return false }
                    if state.next == part { return true }
                    state.waiting[part] = continuation
                    return nil
                }
                if let now { continuation.resume(returning: now) }
            }
        } onCancel: {
            let waiting = state.withLock { $0.waiting.removeValue(forKey: part) }
            waiting?.resume(returning: false)
        }
        if !ready { throw CloudError(.cancelled, "the download was cancelled while part \(part) waited for its turn") }
    }

    /// Says `part` has been handed on: the next part's turn.
    func done(_ part: Int) {
        let waiting = state.withLock { state in
            state.next = part + 1
            return state.waiting.removeValue(forKey: part + 1)
        }
        waiting?.resume(returning: true)
    }
}
