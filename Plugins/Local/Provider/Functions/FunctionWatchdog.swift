import CloudKitProviderSupport
import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Watches a function started for an event, on a detached thread of its
/// own: reaps it when it ends and, if it is still running at the timeout,
/// kills its process group, notes it in the function's log and reaps it.
/// (A watch ends with this process; the function then keeps running.)
enum FunctionWatchdog {
    /// Starts watching `child`.
    static func watch(_ child: FunctionChild, timeoutSeconds: Double, logPath: String, requestID: String, logger: ProviderLogger) {
        let deadline = DispatchTime.now().uptimeNanoseconds + FunctionProcess.nanoseconds(timeoutSeconds)
        let thread = Thread {
            var pause: UInt64 = 1
            while true {
                if child.poll() != nil { return }
                let now = DispatchTime.now().uptimeNanoseconds
                if now >= deadline {
                    child.killAndReap()
                    let note = "\(requestID) Task timed out after \(FunctionErrorPayload.seconds(timeoutSeconds)) seconds\n"
                    let log = open(logPath, O_WRONLY | O_APPEND | O_CLOEXEC)
                    if log >= 0 {
                        FunctionEventLauncher.append(note, to: log)
                        _ = close(log)
                    }
                    logger.warning("function event \(requestID) (pid \(child.pid)) timed out and was killed")
                    return
                }
                // Check often at first (most events are short), then every 100 ms.
                usleep(UInt32(min(pause, (deadline - now) / 1_000_000 + 1) * 1_000))
                pause = min(pause * 2, 100)
            }
        }
        thread.name = "cloudkit.local.function-watchdog"
        thread.start()
    }
}
