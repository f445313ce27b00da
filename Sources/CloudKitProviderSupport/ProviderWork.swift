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

    /// Runs `resume`, a continuation's resume, so that a call placed on
    /// the caller's thread (`CallPlacement.callerThread`) goes on right
    /// here, before `resume` returns. For a thread that has nothing else to
    /// do now: a blocking-pool thread whose job is done, a transport's loop
    /// thread handing over a reply. Every other resume of such a call (a
    /// timer, a cancellation, a child task's end, a resume not made
    /// through here) sends it on to the Swift pool instead, so it never
    /// runs inside a lock of whoever resumed it.
    public static func resumeHere<T, E: Error>(_ resume: () throws(E) -> T) throws(E) -> T {
        try CallerThreadExecutor.runHere(resume)
    }
}
