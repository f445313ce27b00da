import CloudKitModel

/// Tries again, after short asynchronous sleeps, work that found something
/// held by someone else (a file lock, SQLite's write lock) — so waiting for
/// it holds no thread. The pause doubles from 1 ms up to 50 ms.
enum BusyRetry {
    /// The longest pause between attempts.
    static let longestPause: Duration = .milliseconds(50)

    /// Runs `attempt` until it returns a value (nil means "busy, try again")
    /// or `limit` has passed, then throws `throttled` (retryable) saying
    /// that `what` stayed busy. Throws `cancelled` when the task is cancelled
    /// while it waits.
    static func run<T>(
        limit: Duration, what: @autoclosure () -> String, _ attempt: () async throws(CloudError) -> T?
    ) async throws(CloudError) -> T {
        let clock = ContinuousClock()
        let deadline = clock.now + limit
        var pause: Duration = .milliseconds(1)
        while true {
            if let value = try await attempt() { return value }
            guard clock.now < deadline else {
                throw CloudError(.throttled, "\(what()) stayed busy for \(limit); try again later", code: "Busy", retryable: true)
            }
            try await sleep(pause)
            pause = min(pause * 2, longestPause)
        }
    }

    /// Sleeps without holding a thread; `cancelled` when the task is cancelled.
    static func sleep(_ duration: Duration) async throws(CloudError) {
        do {
            try await Task.sleep(for: duration)
        } catch {
            throw CloudError(.cancelled, "the operation was cancelled while it waited")
        }
    }
}
