import Foundation

/// The date form of SigV4, `yyyyMMdd'T'HHmmss'Z'` in UTC (`X-Amz-Date`),
/// written by hand: a `DateFormatter` built for each request cost more than
/// the rest of signing (see `UTCTime`).
public enum AmzDate {
    /// `20261125T052702Z` for `date`, to the second below it; its first 8
    /// characters are the day of the credential scope.
    public static func format(_ date: Date) -> String {
        let time = UTCTime(date)
        return DateText.string(capacity: 16) { buffer in
            var index = 0
            DateText.writeDate(time, separated: false, into: buffer, at: &index)
            DateText.write("T", into: buffer, at: &index)
            DateText.writeClock(time, separated: false, into: buffer, at: &index)
            DateText.write("Z", into: buffer, at: &index)
            return index
        }
    }
}
