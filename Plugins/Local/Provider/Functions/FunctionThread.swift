import CloudKitModel
import CloudKitProviderSupport
import Foundation

/// Runs one synchronous invocation on a thread of its own, as `BlockingIO`
/// runs file work: off Swift's cooperative threads, with a `CancellationFlag`
/// that cancelling the calling task sets.
///
/// An invocation may wait for its function for the whole timeout. Holding a
/// thread of the shared Dispatch pool that long would leave the provider's
/// file and database work queued behind a few slow functions (Dispatch adds
/// threads for blocked ones only after a delay), so each invocation gets a
/// dedicated thread, which ends with it.
enum FunctionThread {
    /// Runs `work` on a new thread named `name` and returns its result.
    static func run<T: Sendable>(_ name: String, _ work: @escaping @Sendable (CancellationFlag) throws(CloudError) -> T) async throws(CloudError) -> T {
        let flag = CancellationFlag()
        if Task.isCancelled { flag.cancel() }
        let result: Result<T, CloudError> = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let thread = Thread {
                    continuation.resume(returning: Result { () throws(CloudError) -> T in try work(flag) })
                }
                thread.name = name
                thread.start()
            }
        } onCancel: {
            flag.cancel()
        }
        return try result.get()
    }
}
