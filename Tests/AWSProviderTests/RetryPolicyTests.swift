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

    func testRunStopsAfterMaxAttemptsAndReturnsTheLastError() async {
        let attempts = LockedCounter()
        let policy = RetryPolicy(maxAttempts: 3, sleep: { _ in })
        do {
            let _: Int = try await policy.run(idempotent: true, replayable: true) { _ throws(CloudError) in
                attempts.advance(by: 1)
                throw throttled
            }
            XCTFail("should fail")
        } catch {
            XCTAssertEqual(error.code, "SlowDown")
        }
        XCTAssertEqual(attempts.value, 3)
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
}
