import CloudKitModel
import Foundation

/// What `FunctionReactor` is asked to watch: one spawned function process,
/// the parent's ends of its pipes, and its deadline. Every descriptor in it
/// belongs to the reactor once the request is handed over; the reactor
/// closes them when the watch ends.
struct FunctionWatchRequest: Sendable {
    /// The process, with its pidfd.
    let child: FunctionChild
    /// The write end of its stdin pipe and the payload to write there; nil
    /// when its stdin is not a pipe of ours (an event reads a file).
    var input: (descriptor: Int32, payload: Data)?
    /// The read ends of its stdout and stderr pipes; nil when they are not
    /// pipes of ours (an event writes to its log file).
    var output: (stdout: Int32, stderr: Int32)?
    /// When the process group is killed and the run is `timedOut` (uptime nanoseconds).
    let deadline: UInt64
    /// The most stdout kept: past it the group is killed and the run is `outputTooLarge`.
    var stdoutLimit = FunctionLimits.synchronousPayloadBytes
}

/// How a watched function ended. Whatever the case, its process was reaped
/// and every descriptor of the watch closed before it is reported.
enum FunctionWatchOutcome: Sendable {
    /// The process ended by itself, or was killed at the deadline or for too
    /// much output: what it wrote, and why it stopped.
    case ended(FunctionRunOutput)
    /// The caller cancelled: the process group was killed.
    case cancelled
    /// The reactor could not watch one of the descriptors: the process group was killed.
    case failed(CloudError)
}
