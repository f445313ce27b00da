import CloudKitModel
import Foundation

/// A task executor that runs a job at once, on the thread that hands it
/// over, when that thread asked for it (`runHere`), and on the Swift pool
/// otherwise. A task preferring it runs on the host's thread from its start
/// to its first wait, and after a wait ended through `runHere` on the
/// thread that ended it. This is what `CallPlacement.callerThread` means;
/// see there for when it fits.
///
/// Only marked hand-overs run in place because the Swift runtime also
/// enqueues jobs while it holds locks: cancelling a task enqueues its
/// sleeping children under the task's status lock, and a job run right
/// there would run, and might finish, inside that lock. A mark is used by
/// the first job handed over after it is set and by no other: the job runs
/// with it cleared, so a job that the first one enqueues in turn (a
/// cancel it makes, a task it starts) goes to the pool unless marked
/// again. A job run in place while another runs on the same thread (a
/// completion that starts the next call) runs nested in it, as the Swift
/// runtime allows.
final class CallerThreadExecutor: TaskExecutor {
    /// The one instance; it keeps no state.
    static let shared = CallerThreadExecutor()

    /// Set on a thread (to any non-nil value) while `runHere` runs and its first job has not been handed over.
    /// Nil only when the process has run out of keys: then nothing runs in place.
    private static let mark = ThreadKey()

    private static var marked: UnsafeRawPointer? { UnsafeRawPointer(bitPattern: 1) }

    /// Runs `body` (a task's start, a continuation's resume) so that the
    /// first job it hands this executor runs at once on this thread.
    static func runHere<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        guard let mark else { return try body() }
        let previous = mark.value
        mark.set(marked)
        defer { mark.set(previous) }
        return try body()
    }

    func enqueue(_ job: consuming ExecutorJob) {
        if let mark = Self.mark, mark.value != nil {
            mark.set(nil)
            job.runSynchronously(on: asUnownedTaskExecutor())
        } else {
            globalConcurrentExecutor.enqueue(job)
        }
    }
}
