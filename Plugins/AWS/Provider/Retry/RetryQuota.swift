import CloudKitModel
import Synchronization

/// The retry quota of the AWS SDKs' standard retry mode: a bucket of tokens
/// shared by every request of one service client. A retry takes 5 tokens
/// (10 after a timeout); when the bucket cannot pay, the failure is
/// returned instead of retried, so a service that is down is not hammered
/// by every caller's retries at once. A request that succeeds on a retry
/// gives back what its last retry took; one that succeeds at once adds a
/// token, up to the capacity.
///
/// Written here rather than taken from an SDK: no Swift package in reach
/// implements it apart from a whole AWS SDK, and it is a few lines.
public final class RetryQuota: Sendable {
    /// The tokens a full bucket holds (the SDKs' `INITIAL_RETRY_TOKENS`).
    public static let capacity = 500
    /// What one retry costs.
    public static let retryCost = 5
    /// What a retry after a timeout costs.
    public static let timeoutRetryCost = 10
    /// What a success at the first attempt gives back.
    public static let successIncrement = 1

    private let tokens: Locked<Int>

    /// A full bucket (or one holding `tokens`, for tests).
    public init(tokens: Int = RetryQuota.capacity) {
        self.tokens = Locked(min(max(tokens, 0), Self.capacity))
    }

    /// The tokens left.
    public var available: Int { tokens.withLock { $0 } }

    /// Takes the cost of retrying after `error`; nil (nothing taken) when the bucket cannot pay.
    public func acquire(after error: CloudError) -> Int? {
        let cost = error.kind == .timeout ? Self.timeoutRetryCost : Self.retryCost
        return tokens.withLock { tokens in
            guard tokens >= cost else { return nil }
            tokens -= cost
            return cost
        }
    }

    /// Records a success: gives back `retryCost` (what the last retry took), or the
    /// increment when the request needed no retry.
    public func recordSuccess(retryCost: Int?) {
        let amount = retryCost ?? Self.successIncrement
        tokens.withLock { $0 = min(Self.capacity, $0 + amount) }
    }
}
