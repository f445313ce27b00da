import CloudKitModel
import Dispatch
import Synchronization

/// Set when the task that started a blocking operation is cancelled (for
/// example because the host closed the client); the work checks it between
/// chunks and stops with `cancelled`.
public final class CancellationFlag: Sendable {
    private let cancelled = Atomic<Bool>(false)

    public init() {}

    public func cancel() { cancelled.store(true, ordering: .relaxed) }

    public var isCancelled: Bool { cancelled.load(ordering: .relaxed) }

    /// Throws `cancelled` once the flag is set.
    public func check() throws(CloudError) {
        if isCancelled { throw CloudError(.cancelled, "the operation was cancelled") }
    }

    /// A flag that is never set (for internal work that cannot be cancelled).
    public static let never = CancellationFlag()
}

/// Runs a provider's blocking work (file I/O, SQLite, the host's body
/// callbacks, which may block in turn) off the Swift concurrency pool, on a
/// concurrent Dispatch queue, so the cooperative threads stay free for the
/// host's own tasks.
public enum BlockingIO {
    private static let queue = DispatchQueue(label: "cloudkit.provider.blocking-io", attributes: .concurrent)

    /// Runs `work` on a Dispatch thread and returns its result. Cancelling the
    /// calling task sets the flag `work` receives.
    public static func run<T: Sendable>(_ work: @escaping @Sendable (CancellationFlag) throws(CloudError) -> T) async throws(CloudError) -> T {
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
