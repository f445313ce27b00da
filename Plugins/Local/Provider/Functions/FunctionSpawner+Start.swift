import CloudKitModel
import CloudKitProviderSupport
#if canImport(Glibc)
import Glibc
#endif

extension FunctionSpawner {
    /// How often a spawn that fails with `ETXTBSY` is tried again (about 0.7 s in all).
    private static let busyRetries = 20

    /// Spawns `path` (see `spawn`) on `BlockingIO`, trying again after short
    /// asynchronous pauses (5 ms more each time, at most 50 ms), which hold
    /// no thread, while it fails with `ETXTBSY`: a child forked elsewhere in
    /// this process at that moment still holds the executable open for
    /// writing (it was just written, and the fork inherited the descriptor
    /// until its exec). That passes within milliseconds; the file was not
    /// really busy. Throws `cancelled`, spawning nothing more, once the
    /// calling task is cancelled.
    static func start(_ path: String, environment: [String], folder: String, streams: Streams) async throws(CloudError) -> Outcome {
        var attempt = 0
        while true {
            let outcome = try await BlockingIO.run { cancellation throws(CloudError) in
                try cancellation.check()
                return spawn(path, environment: environment, folder: folder, streams: streams)
            }
            guard case .failed(ETXTBSY) = outcome, attempt < busyRetries else { return outcome }
            attempt += 1
            try await BusyRetry.sleep(.milliseconds(min(attempt * 5, 50)))
        }
    }
}
