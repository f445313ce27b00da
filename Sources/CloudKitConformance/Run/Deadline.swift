import CloudKit

/// Runs work that might never end (a provider may never complete a call)
/// against one timer: whichever finishes first decides, and nothing waits
/// for the loser.
enum Deadline {
    /// The value of `operation`, run in a task of its own, or nil when
    /// `limit` passes first; then that task is cancelled and left to end on
    /// its own, if ever. Cancelling the caller cancels the task too.
    static func run<Value: Sendable>(within limit: Duration, _ operation: @escaping @Sendable () async -> Value) async -> Value? {
        let work = Task { await operation() }
        let timer = Task { try? await Task.sleep(for: limit) }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Value?, Never>) in
                let gate = Locked<CheckedContinuation<Value?, Never>?>(continuation)
                let take: @Sendable () -> CheckedContinuation<Value?, Never>? = {
                    gate.withLock { waiting in
                        defer { waiting = nil }
                        return waiting
                    }
                }
                Task {
                    let value = await work.value
                    // Through the gate before the timer is stopped, so the timer's watcher cannot get there first.
                    take()?.resume(returning: value)
                    timer.cancel()
                }
                Task {
                    await timer.value
                    guard let waiting = take() else { return }
                    work.cancel()
                    waiting.resume(returning: nil)
                }
            }
        } onCancel: {
            work.cancel()
        }
    }
}
