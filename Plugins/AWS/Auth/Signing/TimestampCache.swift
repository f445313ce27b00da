import CloudKitModel
import Foundation

/// The last signing second's `SigV4Signer.Timestamp`, shared by copies of a
/// signer: a client signs many requests a second, and the three strings of
/// a timestamp (the time, the day and the credential scope) are the same
/// for all of them. Holds one entry; a new second replaces it.
final class TimestampCache: Sendable {
    private let last = Locked<(second: Int64, stamp: SigV4Signer.Timestamp)?>(nil)

    /// The timestamp of `date`'s second: the cached one, else `make(date)`, kept.
    func stamp(for date: Date, make: (Date) -> SigV4Signer.Timestamp) -> SigV4Signer.Timestamp {
        let second = Int64((date.timeIntervalSince1970).rounded(.down))
        if let cached = last.withLock({ $0 }), cached.second == second { return cached.stamp }
        let stamp = make(date)
        last.withLock { $0 = (second, stamp) }
        return stamp
    }
}
