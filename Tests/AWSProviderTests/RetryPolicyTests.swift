@testable import AWSProvider
import CloudKitModel
import Foundation
import CloudKitTestSupport
import XCTest

/// The standard retry mode's decisions and backoff.
final class RetryPolicyTests: XCTestCase {
    let throttled = CloudError(.throttled, "slow down", code: "SlowDown", retryable: true)
    let connectFailure = CloudError(.network, "refused", code: "ConnectFailure", retryable: true)
    let readFailure = CloudError(.network, "reset", code: "ConnectionFailure", retryable: true)

    func testRetriesOnlyRetryableReplayableFailuresWithinTheAttemptLimit() {
        let policy = RetryPolicy(maxAttempts: 3)
        XCTAssertTrue(policy.shouldRetry(throttled, attempt: 1, idempotent: true, replayable: true))
        XCTAssertTrue(policy.shouldRetry(throttled, attempt: 2, idempotent: true, replayable: true))
        XCTAssertFalse(policy.shouldRetry(throttled, attempt: 3, idempotent: true, replayable: true))
        XCTAssertFalse(policy.shouldRetry(CloudError(.notFound, "no"), attempt: 1, idempotent: true, replayable: true))
        XCTAssertFalse(policy.shouldRetry(throttled, attempt: 1, idempotent: true, replayable: false))
    }

    func testNonIdempotentRequestsRetryOnlyWhenTheySurelyNeverRan() {
        let policy = RetryPolicy(maxAttempts: 3)
        XCTAssertTrue(policy.shouldRetry(connectFailure, attempt: 1, idempotent: false, replayable: true))
        XCTAssertTrue(policy.shouldRetry(throttled, attempt: 1, idempotent: false, replayable: true))
        XCTAssertFalse(policy.shouldRetry(readFailure, attempt: 1, idempotent: false, replayable: true))
        XCTAssertFalse(policy.shouldRetry(CloudError(.internal, "500", code: "ServiceException", httpStatus: 500, retryable: true), attempt: 1, idempotent: false, replayable: true))
    }

    func testBackoffIsFullJitterUnderAnExponentialCeiling() {
        let policy = RetryPolicy(maxAttempts: 10, baseDelay: 0.1, maxDelay: 1, random: { $0.upperBound })
        XCTAssertEqual(policy.delay(afterAttempt: 1), 0.1, accuracy: 1e-9)
        XCTAssertEqual(policy.delay(afterAttempt: 2), 0.2, accuracy: 1e-9)
        XCTAssertEqual(policy.delay(afterAttempt: 4), 0.8, accuracy: 1e-9)
        XCTAssertEqual(policy.delay(afterAttempt: 8), 1, accuracy: 1e-9)
        let low = RetryPolicy(random: { $0.lowerBound })
        XCTAssertEqual(low.delay(afterAttempt: 3), 0)
    }

    /// Runs an always-throttled operation under `policy`: how many attempts it
    /// made, and the code of the error it ended with.
    func attemptsUntilFailure(_ policy: RetryPolicy) async -> (attempts: Int64, code: String?) {
        let attempts = LockedCounter()
        do {
            let _: Int = try await policy.run(idempotent: true, replayable: true) { _ throws(CloudError) in
                attempts.advance(by: 1)
                throw throttled
            }
            return (attempts.value, nil)
        } catch {
            return (attempts.value, error.code)
        }
    }

    func testRunStopsAfterMaxAttemptsAndReturnsTheLastError() async {
        let outcome = await attemptsUntilFailure(RetryPolicy(maxAttempts: 3, sleep: { _ in }))
        XCTAssertEqual(outcome.code, "SlowDown")
        XCTAssertEqual(outcome.attempts, 3)
    }

    func testRunReturnsTheFirstSuccess() async throws {
        let attempts = LockedCounter()
        let policy = RetryPolicy(maxAttempts: 5, sleep: { _ in })
        let value: Int = try await policy.run(idempotent: true, replayable: true) { attempt throws(CloudError) in
            attempts.advance(by: 1)
            if attempt < 2 { throw throttled }
            return attempt
        }
        XCTAssertEqual(value, 2)
        XCTAssertEqual(attempts.value, 2)
    }

    func testRetriesSpendTheQuotaAndStopWhenItIsEmpty() async {
        let quota = RetryQuota(tokens: 12)
        let outcome = await attemptsUntilFailure(RetryPolicy(maxAttempts: 10, quota: quota, sleep: { _ in }))
        XCTAssertEqual(outcome.code, "SlowDown", "the last service error is returned, not a quota error")
        // 12 tokens pay for two retries of 5: three attempts in all.
        XCTAssertEqual(outcome.attempts, 3)
        XCTAssertEqual(quota.available, 2)
    }

    func testATimeoutRetryCostsTenAndASuccessGivesItBack() async throws {
        let quota = RetryQuota()
        let policy = RetryPolicy(maxAttempts: 3, quota: quota, sleep: { _ in })
        let timeout = CloudError(.timeout, "timed out", code: "Timeout", retryable: true)
        let value: Int = try await policy.run(idempotent: true, replayable: true) { attempt throws(CloudError) in
            if attempt == 1 { throw timeout }
            return attempt
        }
        XCTAssertEqual(value, 2)
        XCTAssertEqual(quota.available, RetryQuota.capacity, "the retry's 10 tokens came back")
        XCTAssertEqual(quota.acquire(after: timeout), 10)
        XCTAssertEqual(quota.acquire(after: throttled), 5)
        XCTAssertEqual(quota.available, RetryQuota.capacity - 15)
    }

    func testFirstAttemptSuccessesRefillTheQuotaUpToItsCapacity() async throws {
        let quota = RetryQuota(tokens: RetryQuota.capacity - 2)
        let policy = RetryPolicy(quota: quota, sleep: { _ in })
        for _ in 0..<5 {
            let _: Int = try await policy.run(idempotent: true, replayable: true) { _ throws(CloudError) in 1 }
        }
        XCTAssertEqual(quota.available, RetryQuota.capacity)
    }

    func testAnEmptyQuotaStillLetsFirstAttemptsThrough() async throws {
        let policy = RetryPolicy(quota: RetryQuota(tokens: 0), sleep: { _ in })
        let value: Int = try await policy.run(idempotent: true, replayable: true) { attempt throws(CloudError) in attempt }
        XCTAssertEqual(value, 1)
    }
}
