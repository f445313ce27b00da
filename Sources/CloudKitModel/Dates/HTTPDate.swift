import Foundation

/// HTTP dates (RFC 9110 §5.6.7), `Wed, 25 Nov 2026 05:27:02 GMT`: written
/// for `If-Modified-Since`, read from `Last-Modified` and `Date`. By hand,
/// not with a `DateFormatter`, which cost tens of microseconds to build for
/// every reply (see `UTCTime`).
public enum HTTPDate {
    static let dayNames: [StaticString] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    static let monthNames: [StaticString] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// The IMF-fixdate of `date`, to the second below it.
    public static func format(_ date: Date) -> String {
        let time = UTCTime(date)
        return DateText.string(capacity: 29) { buffer in
            var index = 0
            DateText.write(dayNames[time.weekday], into: buffer, at: &index)
            DateText.write(", ", into: buffer, at: &index)
            DateText.write(time.day, width: 2, into: buffer, at: &index)
            DateText.write(" ", into: buffer, at: &index)
            DateText.write(monthNames[time.month - 1], into: buffer, at: &index)
            DateText.write(" ", into: buffer, at: &index)
            DateText.write(time.year, width: 4, into: buffer, at: &index)
            DateText.write(" ", into: buffer, at: &index)
            DateText.writeClock(time, separated: true, into: buffer, at: &index)
            DateText.write(" GMT", into: buffer, at: &index)
            return index
        }
    }

    /// The moment of an IMF-fixdate (`GMT`, or `UTC` as some servers write);
    /// nil for anything else. The day name must be one, but is not checked
    /// against the date (as the date formatter this replaces did not).
    public static func parse(_ text: String) -> Date? {
        DateText.withBytes(text) { bytes -> Date? in
            var index = 0
            guard name(in: dayNames, bytes, &index) != nil, DateText.expect(UInt8(ascii: ","), bytes, &index),
                DateText.expect(UInt8(ascii: " "), bytes, &index), let day = DateText.digits(bytes, &index, width: 2),
                DateText.expect(UInt8(ascii: " "), bytes, &index), let month = name(in: monthNames, bytes, &index),
                DateText.expect(UInt8(ascii: " "), bytes, &index), let year = DateText.digits(bytes, &index, width: 4),
                DateText.expect(UInt8(ascii: " "), bytes, &index), let clock = DateText.clock(bytes, &index),
                DateText.expect(UInt8(ascii: " "), bytes, &index), zone(bytes, from: index)
            else { return nil }
            return UTCTime(year: year, month: month + 1, day: day, hour: clock.hour, minute: clock.minute, second: clock.second)?.date
        }
    }

    /// The index in `names` of the three letters at `index` (advancing past them), or nil.
    static func name(in names: [StaticString], _ bytes: UnsafeBufferPointer<UInt8>, _ index: inout Int) -> Int? {
        guard index + 3 <= bytes.count else { return nil }
        for (position, name) in names.enumerated() {
            let matches = name.withUTF8Buffer { letters in
                letters[0] == bytes[index] && letters[1] == bytes[index + 1] && letters[2] == bytes[index + 2]
            }
            if matches {
                index += 3
                return position
            }
        }
        return nil
    }

    /// Whether the rest, from `index`, is exactly `GMT` or `UTC`.
    static func zone(_ bytes: UnsafeBufferPointer<UInt8>, from index: Int) -> Bool {
        guard bytes.count - index == 3 else { return false }
        let rest = (bytes[index], bytes[index + 1], bytes[index + 2])
        return rest == (UInt8(ascii: "G"), UInt8(ascii: "M"), UInt8(ascii: "T")) || rest == (UInt8(ascii: "U"), UInt8(ascii: "T"), UInt8(ascii: "C"))
    }
}
