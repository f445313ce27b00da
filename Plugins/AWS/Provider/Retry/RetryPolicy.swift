import CloudKitModel
import Foundation

/// The AWS SDKs' "standard" retry mode: at most `maxAttempts` tries,
/// exponential backoff with full jitter (`random(0, min(20 s, base · 2^attempt))`),
/// retrying only retryable failures, and only when the request can be sent
/// again: a streamed body cannot be replayed, and a non-idempotent request is
/// retried only when it surely never ran (throttled, or the connection failed).
public struct RetryPolicy: Sendable {
    public var maxAttempts: Int
    public var baseDelay: Double
    public var maxDelay: Double
    /// Injectable for tests.
    public var random: @Sendable (ClosedRange<Double>) -> Double
    public var sleep: @Sendable (Double) async -> Void

    public init(
        maxAttempts: Int = 3, baseDelay: Double = 0.1, maxDelay: Double = 20,
        random: @escaping @Sendable (ClosedRange<Double>) -> Double = { Double.random(in: $0) },
        sleep: @escaping @Sendable (Double) async -> Void = { seconds in try? await Task.sleep(nanoseconds: UInt64(seconds * 1_000_000_000)) }
    ) {
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.random = random
        self.sleep = sleep
    }

    /// Whether attempt number `attempt` (1-based) that failed with `error` should be tried again.
    public func shouldRetry(_ error: CloudError, attempt: Int, idempotent: Bool, replayable: Bool) -> Bool {
        guard attempt < maxAttempts, error.retryable, replayable else { return false }
        if idempotent { return true }
        // A throttled request or a refused connection never ran, so even a
        // non-idempotent one can be sent again.
        return error.kind == .throttled || error.code == "ConnectFailure" || error.code == "DNSFailure"
    }

    /// The pause before attempt `attempt + 1`.
    public func delay(afterAttempt attempt: Int) -> Double {
        let ceiling = min(maxDelay, baseDelay * pow(2, Double(attempt - 1)))
        return random(0...ceiling)
    }

    /// Runs `operation` under this policy.
    public func run<T>(idempotent: Bool, replayable: Bool, _ operation: (Int) async throws(CloudError) -> T) async throws(CloudError) -> T {
        var attempt = 1
        while true {
            do {
                return try await operation(attempt)
            } catch {
                guard shouldRetry(error, attempt: attempt, idempotent: idempotent, replayable: replayable), !Task.isCancelled else { throw error }
                await sleep(delay(afterAttempt: attempt))
                attempt += 1
            }
        }
    }
}
