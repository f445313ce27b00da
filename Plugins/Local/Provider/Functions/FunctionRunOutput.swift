import Foundation

/// What a synchronous run of a function produced.
struct FunctionRunOutput: Sendable {
    /// Why the run stopped.
    enum Ending: Sendable, Hashable {
        /// The process ended by itself.
        case finished(FunctionTermination)
        /// It ran past the timeout and was killed.
        case timedOut
        /// It wrote more than a synchronous response may hold and was killed.
        case outputTooLarge
        /// The file could not be executed (`errno`, such as `ENOEXEC` for a
        /// script without a `#!` line).
        case notStartable(Int32)
    }

    var ending: Ending
    /// Everything written to stdout (at most one byte past the response limit).
    var stdout: Data
    /// The end of what was written to stderr.
    var stderr: FunctionLogTail
}
