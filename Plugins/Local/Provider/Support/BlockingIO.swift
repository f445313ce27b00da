import CloudKitModel
import Dispatch
import Synchronization

/// Set when the task that started a blocking operation is cancelled (for
/// example because the host closed the client); the work checks it between
/// chunks and stops with `cancelled`.
final class CancellationFlag: Sendable {
    private let cancelled = Atomic<Bool>(false)

    init() {}

    func cancel() { cancelled.store(true, ordering: .relaxed) }

    var isCancelled: Bool { cancelled.load(ordering: .relaxed) }

    /// Throws `cancelled` once the flag is set.
    func check() throws(CloudError) {
        if isCancelled { throw CloudError(.cancelled, "the operation was cancelled") }
    }

    /// A flag that is never set (for internal work that cannot be cancelled).
    static let never = CancellationFlag()
}

/// Runs the local provider's blocking file work off the Swift concurrency pool.
///
/// Every storage operation is blocking I/O (and may call the host's body
/// callbacks, which may block in turn); running it on a Dispatch thread keeps
/// the cooperative threads free for the host's own tasks.
enum BlockingIO {
    private static let queue = DispatchQueue(label: "cloudkit.local.io", attributes: .concurrent)

    /// Runs `work` on a Dispatch thread and returns its result. Cancelling the
    /// calling task sets the flag `work` receives.
    static func run<T: Sendable>(_ work: @escaping @Sendable (CancellationFlag) throws(CloudError) -> T) async throws(CloudError) -> T {
        let flag = CancellationFlag()
        if Task.isCancelled { flag.cancel() }
        let result: Result<T, CloudError> = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                queue.async {
                    continuation.resume(returning: Result { () throws(CloudError) -> T in try work(flag) })
                }
            }
        } onCancel: {
            flag.cancel()
        }
        return try result.get()
    }
}
