import CloudKitModel

/// A lock for async code: `enter` suspends (holding no thread) until the
/// gate is free, and holders go through one at a time in the order they came.
final class AsyncGate: Sendable {
    private struct State {
        var held = false
        var nextID: UInt64 = 0
        var waiting: [(id: UInt64, continuation: CheckedContinuation<Bool, Never>)] = []
    }

    private let state = Locked(State())

    init() {}

    /// Waits for the gate and takes it; `cancelled` (without taking it) when
    /// the task is cancelled first. Every successful `enter` needs one `leave`.
    func enter() async throws(CloudError) {
        let id: UInt64? = state.withLock { state in
            guard state.held else {
                state.held = true
                return nil
            }
            state.nextID += 1
            return state.nextID
        }
        guard let id else { return }
        let entered = await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
                let resumeNow = state.withLock { state in
                    if Task.isCancelled { return true }
                    state.waiting.append((id, continuation))
                    return false
                }
                if resumeNow { continuation.resume(returning: false) }
            }
        } onCancel: {
            let cancelled = state.withLock { state in
                state.waiting.firstIndex { $0.id == id }.map { state.waiting.remove(at: $0).continuation }
            }
            cancelled?.resume(returning: false)
        }
        if !entered { throw CloudError(.cancelled, "the operation was cancelled while it waited") }
    }

    /// Gives the gate to the next waiter, or frees it.
    func leave() {
        let next = state.withLock { state in
            guard !state.waiting.isEmpty else {
                state.held = false
                return nil as CheckedContinuation<Bool, Never>?
            }
            return state.waiting.removeFirst().continuation
        }
        next?.resume(returning: true)
    }
}
