import CloudKitModel
import Foundation
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
/// callbacks, which may block in turn) off the Swift concurrency pool, on
/// bounded pools of threads of its own (`BlockingPool`), so the cooperative
/// threads stay free for the host's own tasks.
///
/// Work is split by how long it may block, each kind on a pool of its own,
/// so that one kind filling its threads never holds up the other:
/// - `.files`: file system and database work, which blocks only briefly
///   (waiting is never done here: long polls, lock and busy waits sleep
///   asynchronously between short attempts);
/// - `.transfers`: moving a body through the host's reader or writer, which
///   may block as long as the host likes.
///
/// A job that finds its pool busy waits in a queue, which holds no thread.
/// `.files` work started on a thread the host lent (ABI 1.7 `lend`,
/// `ThreadLoan`) runs on that thread instead, which was waiting anyway.
public enum BlockingIO {
    /// Which pool a piece of blocking work runs on.
    public enum Lane: Sendable {
        /// Short file and database work (the default).
        case files
        /// Work that calls the host's body reader or writer.
        case transfers
    }

    /// Threads per pool: enough for parallel disk work and a few slow
    /// bodies, bounded whatever the load.
    static let width = min(64, max(16, 4 * ProcessInfo.processInfo.activeProcessorCount))

    private static let files = BlockingPool(name: "cloudkit.provider.files", width: width)
    private static let transfers = BlockingPool(name: "cloudkit.provider.transfers", width: width)

    /// Queues `job` on `lane`'s pool and returns at once, for callers that
    /// are not in a task and must not wait (a transport's loop thread
    /// handing the host's callbacks to a thread that may block in them).
    public static func start(_ lane: Lane, _ job: @escaping @Sendable () -> Void) {
        pool(lane).submit(job)
    }

    private static func pool(_ lane: Lane) -> BlockingPool { lane == .files ? files : transfers }

    /// Runs `work` on a thread of `lane`'s pool and returns its result.
    /// Cancelling the calling task sets the flag `work` receives.
    public static func run<T: Sendable>(
        _ lane: Lane = .files, _ work: @escaping @Sendable (CancellationFlag) throws(CloudError) -> T
    ) async throws(CloudError) -> T {
        let flag = CancellationFlag()
        if Task.isCancelled { flag.cancel() }
        let threads = pool(lane)
        let result: Result<T, CloudError> = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let job: @Sendable () -> Void = {
                    let result = Result { () throws(CloudError) -> T in try work(flag) }
                    // This thread is done with the job: a call placed on the caller's thread goes on here.
                    ProviderWork.resumeHere { continuation.resume(returning: result) }
                }
                // On a thread the host lent (ABI 1.7), short file work runs
                // there; a body's reader or writer may block as long as
                // the host likes, so it keeps to the pool.
                if lane == .files, let loan = ThreadLoan.current, loan.submit(job) { return }
                threads.submit(job)
            }
        } onCancel: {
            flag.cancel()
        }
        return try result.get()
    }
}
