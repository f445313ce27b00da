import Dispatch
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Ctrl-C (SIGINT) or SIGTERM cancels the running command's task, so the
/// call in flight is cancelled cleanly — a multipart upload aborted, a
/// download's temporary file removed, a local function's process killed —
/// and the CLI exits with 128 + the signal's number (130 for Ctrl-C). A
/// second signal exits at once.
///
/// The handlers are installed with `sigaction` before the command starts, so
/// no signal can fall into a gap between ignoring it and watching for it.
/// The handler only does what is async-signal-safe: it records the signal
/// and writes one byte to a pipe, whose reader cancels the task.
enum InterruptHandler {
    /// The first signal received (0: none).
    fileprivate static let received = Atomic<Int32>(0)
    /// The pipe the signal handler writes to; set once, before any handler is installed.
    nonisolated(unsafe) fileprivate static var pipeWriter: Int32 = -1

    /// Runs `command` and returns its exit status, or 128 + the signal when interrupted.
    static func run(_ command: @escaping @Sendable () async -> Int32) async -> Int32 {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { return await command() }
        pipeWriter = ends[1]
        for number in [SIGINT, SIGTERM] {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = onSignal
            sigemptyset(&action.sa_mask)
            sigaction(number, &action, nil)
        }
        let task = Task { await command() }
        let reader = DispatchSource.makeReadSource(fileDescriptor: ends[0], queue: .global())
        reader.setEventHandler { task.cancel() }
        reader.resume()
        let status = await task.value
        reader.cancel()
        let interruption = received.load(ordering: .relaxed)
        return interruption == 0 ? status : 128 + interruption
    }
}

/// The signal handler: async-signal-safe only (an atomic exchange, write, _exit).
private let onSignal: @convention(c) (Int32) -> Void = { number in
    if InterruptHandler.received.exchange(number, ordering: .relaxed) != 0 { _exit(128 + number) }
    var byte: UInt8 = 1
    _ = write(InterruptHandler.pipeWriter, &byte, 1)
}
