import CloudKitModel

/// Moving a call's longer stretches off the thread at hand.
public enum ProviderWork {
    /// Runs `work` on the Swift concurrency pool, whatever the calling
    /// task's placement, and returns its result; the task goes on from the
    /// pool thread. A call placed on the caller's thread uses it for CPU
    /// work that would otherwise hold up the host's thread or a transport's
    /// loop thread (a large body's hash, a large reply's parse).
    public static func onPool<T: Sendable>(_ work: () async throws(CloudError) -> T) async throws(CloudError) -> T {
        try await withTaskExecutorPreference(globalConcurrentExecutor) { () async throws(CloudError) -> T in
            // The preference takes effect at the task's next enqueue; this is one.
            await Task.yield()
            return try await work()
        }
    }
}
