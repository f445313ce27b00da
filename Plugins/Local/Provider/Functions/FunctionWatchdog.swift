import CloudKitProviderSupport
import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Watches a function started for an event, through the process's
/// `FunctionReactor` (no thread of its own): the reactor reaps it when it
/// ends and, if it is still running at the timeout, kills its process group
/// and reaps it; the timeout is then noted in the function's log (on
/// `BlockingIO`, off the reactor's thread). A watch ends with this process;
/// the function then keeps running.
enum FunctionWatchdog {
    /// Starts watching `child`, whose stdin and output are files, not pipes.
    static func watch(
        _ child: FunctionChild, on reactor: FunctionReactor, timeoutSeconds: Double, logPath: String, requestID: String,
        logger: ProviderLogger
    ) {
        let deadline = DispatchTime.now().uptimeNanoseconds + FunctionProcess.nanoseconds(timeoutSeconds)
        reactor.watch(FunctionWatchRequest(child: child, deadline: deadline)) { outcome in
            guard case .ended(let output) = outcome, output.ending == .timedOut else { return }
            logger.warning("function event \(requestID) (pid \(child.pid)) timed out and was killed")
            let note = "\(requestID) Task timed out after \(FunctionErrorPayload.seconds(timeoutSeconds)) seconds\n"
            Task {
                try? await BlockingIO.run { _ in
                    let log = open(logPath, O_WRONLY | O_APPEND | O_CLOEXEC)
                    guard log >= 0 else { return }
                    FunctionEventLauncher.append(note, to: log)
                    _ = close(log)
                }
            }
        }
    }
}
