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
enum InterruptHandler {
    /// Runs `command` and returns its exit status, or 128 + the signal when interrupted.
    static func run(_ command: @escaping @Sendable () async -> Int32) async -> Int32 {
        let task = Task { await command() }
        let received = Atomic<Int32>(0)
        let sources = [SIGINT, SIGTERM].map { number -> any DispatchSourceSignal in
            Glibc.signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                if received.exchange(number, ordering: .relaxed) != 0 { _exit(128 + number) }
                task.cancel()
            }
            source.resume()
            return source
        }
        let status = await task.value
        for source in sources { source.cancel() }
        let interruption = received.load(ordering: .relaxed)
        return interruption == 0 ? status : 128 + interruption
    }
}
