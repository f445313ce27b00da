import Foundation

/// ISO 8601 / RFC 3339 times as AWS writes them in XML and JSON
/// (`2026-11-25T09:00:00Z`, `2026-11-25T09:00:00.000Z`, an offset instead
/// of `Z`): S3's `LastModified`, STS's and the metadata services'
/// `Expiration`. By hand, not with an `ISO8601DateFormatter`, which cost
/// tens of microseconds to build for every reply (see `UTCTime`).
public enum ISO8601Date {
    /// The moment of `YYYY-MM-DDTHH:MM:SS`, optional fraction digits, then
    /// `Z` or an offset `±HH:MM` / `±HHMM` (`t` and `z` in lower case too);
    /// nil for anything else.
    public static func parse(_ text: String) -> Date? {
        DateText.withBytes(text) { bytes -> Date? in
            var index = 0
            guard let year = DateText.digits(bytes, &index, width: 4), DateText.expect(UInt8(ascii: "-"), bytes, &index),
                let month = DateText.digits(bytes, &index, width: 2), DateText.expect(UInt8(ascii: "-"), bytes, &index),
                let day = DateText.digits(bytes, &index, width: 2),
                DateText.expect(UInt8(ascii: "T"), bytes, &index) || DateText.expect(UInt8(ascii: "t"), bytes, &index),
                let clock = DateText.clock(bytes, &index),
                let time = UTCTime(year: year, month: month, day: day, hour: clock.hour, minute: clock.minute, second: clock.second)
            else { return nil }
            var fraction = 0.0
            if DateText.expect(UInt8(ascii: "."), bytes, &index) {
                guard let parsed = self.fraction(bytes, &index) else { return nil }
                fraction = parsed
            }
            guard let offset = self.offset(bytes, from: index) else { return nil }
            return Date(timeIntervalSince1970: Double(time.secondsSince1970 - Int64(offset)) + fraction)
        }
    }

    /// `2026-11-25T09:00:00Z` for `date`, to the second below it, or with
    /// `milliseconds` `2026-11-25T09:00:00.123Z`, to the nearest millisecond
    /// (as Foundation writes it: truncating would write a far date's `.4`,
    /// held in a `Double` as `.39996…`, as `.399`).
    public static func format(_ date: Date, milliseconds: Bool = false) -> String {
        var time = UTCTime(date)
        var millisecond = 0
        let interval = date.timeIntervalSince1970
        if milliseconds, interval >= Double(UTCTime.earliest), interval < Double(UTCTime.latest) {
            let total = Int64((interval * 1000).rounded())
            let seconds = total >= 0 ? total / 1000 : (total - 999) / 1000
            time = UTCTime(secondsSince1970: seconds)
            millisecond = Int(total - seconds * 1000)
        }
        return DateText.string(capacity: 24) { buffer in
            var index = 0
            DateText.writeDate(time, separated: true, into: buffer, at: &index)
            DateText.write("T", into: buffer, at: &index)
            DateText.writeClock(time, separated: true, into: buffer, at: &index)
            if milliseconds {
                DateText.write(".", into: buffer, at: &index)
                DateText.write(millisecond, width: 3, into: buffer, at: &index)
            }
            DateText.write("Z", into: buffer, at: &index)
            return index
        }
    }

    /// One or more fraction digits at `index` (advancing past them) as a
    /// fraction of a second; digits past the ninth are read but not counted.
    static func fraction(_ bytes: UnsafeBufferPointer<UInt8>, _ index: inout Int) -> Double? {
        var value = 0
        var scale = 1
        let start = index
        while index < bytes.count, bytes[index] &- UInt8(ascii: "0") < 10 {
            if index - start < 9 {
                value = value * 10 + Int(bytes[index] - UInt8(ascii: "0"))
                scale *= 10
            }
            index += 1
        }
        return index > start ? Double(value) / Double(scale) : nil
    }

    /// The offset east of UTC, in seconds, of the rest of the text from
    /// `index`: exactly `Z`, `±HH:MM` or `±HHMM`; nil for anything else.
    static func offset(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        var index = start
        if DateText.expect(UInt8(ascii: "Z"), bytes, &index) || DateText.expect(UInt8(ascii: "z"), bytes, &index) {
            return index == bytes.count ? 0 : nil
        }
        let sign: Int
        if DateText.expect(UInt8(ascii: "+"), bytes, &index) {
            sign = 1
        } else if DateText.expect(UInt8(ascii: "-"), bytes, &index) {
            sign = -1
        } else {
            return nil
        }
        guard let hours = DateText.digits(bytes, &index, width: 2) else { return nil }
        _ = DateText.expect(UInt8(ascii: ":"), bytes, &index)
        guard let minutes = DateText.digits(bytes, &index, width: 2), index == bytes.count, hours <= 23, minutes <= 59 else { return nil }
        return sign * (hours * 3600 + minutes * 60)
    }
}
