import CloudKitModel
import Foundation

/// The AWS SDKs' "standard" retry mode: at most `maxAttempts` tries,
/// exponential backoff with full jitter (`random(0, min(20 s, base · 2^attempt))`),
/// retrying only retryable failures, and only when the request can be sent
/// again: a streamed body cannot be replayed, and a non-idempotent request is
/// retried only when it surely never ran (throttled, or the connection failed).
/// Retries also draw on a `RetryQuota`, which each policy (one per service
/// client) owns, so copies of a policy share it.
public struct RetryPolicy: Sendable {
    public var maxAttempts: Int
    public var baseDelay: Double
    public var maxDelay: Double
    /// The tokens retries spend; when it is empty, failures are returned at once.
    public var quota: RetryQuota
    /// Injectable for tests.
    public var random: @Sendable (ClosedRange<Double>) -> Double
    public var sleep: @Sendable (Double) async -> Void

    public init(
        maxAttempts: Int = 3, baseDelay: Double = 0.1, maxDelay: Double = 20, quota: RetryQuota = RetryQuota(),
        random: @escaping @Sendable (ClosedRange<Double>) -> Double = { Double.random(in: $0) },
        sleep: @escaping @Sendable (Double) async -> Void = { seconds in try? await Task.sleep(nanoseconds: UInt64(seconds * 1_000_000_000)) }
    ) {
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.quota = quota
        self.random = random
        self.sleep = sleep
    }

    /// Whether attempt number `attempt` (1-based) that failed with `error` should be tried again.
    public func shouldRetry(_ error: CloudError, attempt: Int, idempotent: Bool, replayable: Bool) -> Bool {
        guard attempt < maxAttempts, error.retryable, replayable else { return false }
        if idempotent { return true }
        // A throttled request, a refused connection or one never made in
        // time never ran, so even a non-idempotent one can be sent again.
        return error.kind == .throttled || ["ConnectFailure", "ConnectTimeout", "DNSFailure"].contains(error.code)
    }

    /// The pause before attempt `attempt + 1`.
    public func delay(afterAttempt attempt: Int) -> Double {
        let ceiling = min(maxDelay, baseDelay * pow(2, Double(attempt - 1)))
        return random(0...ceiling)
    }

    /// Runs `operation` under this policy: a retry needs `shouldRetry` and
    /// tokens from the quota; without them the last error is thrown.
    public func run<T>(idempotent: Bool, replayable: Bool, _ operation: (Int) async throws(CloudError) -> T) async throws(CloudError) -> T {
        try await run(idempotent: idempotent, replayable: { replayable }, operation)
    }

    /// `run`, asking `replayable` after each failure whether the request can
    /// still be sent again (a reply streamed to the caller can be fetched
    /// again only while none of it has reached the caller).
    public func run<T>(
        idempotent: Bool, replayable: () -> Bool, _ operation: (Int) async throws(CloudError) -> T
    ) async throws(CloudError) -> T {
        var attempt = 1
        var lastRetryCost: Int?
        while true {
            do {
                let value = try await operation(attempt)
                quota.recordSuccess(retryCost: lastRetryCost)
                return value
            } catch {
                guard shouldRetry(error, attempt: attempt, idempotent: idempotent, replayable: replayable()), !Task.isCancelled,
                    let cost = quota.acquire(after: error)
                else { throw error }
                lastRetryCost = cost
                await sleep(delay(afterAttempt: attempt))
                attempt += 1
            }
        }
    }
}
