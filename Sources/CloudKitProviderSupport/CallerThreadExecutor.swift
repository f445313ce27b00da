/// A task executor that runs each job at once, on the thread that hands it
/// over: a task preferring it runs on the host's thread from its start to
/// its first wait, and after each wait on the thread that resumed it. This
/// is what `CallPlacement.callerThread` means; see there for when it fits.
///
/// A job handed over while another runs on the same thread (a completion
/// that starts the next call) runs nested in it, as the Swift runtime
/// allows; the code that resumes a continuation never holds a lock while
/// it does (every resume in the kit, the model and the AWS transport
/// happens after its lock is released).
final class CallerThreadExecutor: TaskExecutor {
    /// The one instance; it keeps no state.
    static let shared = CallerThreadExecutor()

    func enqueue(_ job: consuming ExecutorJob) {
        job.runSynchronously(on: asUnownedTaskExecutor())
    }
}
