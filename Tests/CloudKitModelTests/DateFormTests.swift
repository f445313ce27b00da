@testable import CloudKitModel
import Foundation
import Testing

/// The hand-written AWS date forms (`AmzDate`, `HTTPDate`, `ISO8601Date`)
/// against known values, against Foundation's formatters as an oracle, and
/// on text they must refuse.
@Suite("Date forms")
struct DateFormTests {
    /// 1994-11-06T08:49:37Z, RFC 9110's example.
    static let example = Date(timeIntervalSince1970: 784_111_777)

    /// Random instants between 1900 and 2200 (Foundation's Gregorian calendar turns Julian before 1582),
    /// not within a millisecond of the next second (Foundation rounds to the millisecond first).
    static func instants(_ count: Int) -> [Date] {
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in
            Date(timeIntervalSince1970: Double(Int64.random(in: -2_208_988_800...7_258_118_400, using: &generator)) + Double.random(in: 0..<0.99))
        }
    }

    static func formatter(_ format: String) -> DateFormatter {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = format
        return formatter
    }

    @Test("the SigV4 date: known values, seconds truncated, as DateFormatter wrote it")
    func amzDate() {
        #expect(AmzDate.format(Date(timeIntervalSince1970: 1_440_938_160)) == "20150830T123600Z")
        #expect(AmzDate.format(Date(timeIntervalSince1970: 0)) == "19700101T000000Z")
        #expect(AmzDate.format(Date(timeIntervalSince1970: 1.999)) == "19700101T000001Z")
        #expect(AmzDate.format(Date(timeIntervalSince1970: -0.5)) == "19691231T235959Z")
        #expect(AmzDate.format(Date(timeIntervalSince1970: 1_709_251_199)) == "20240229T235959Z")
        let oracle = Self.formatter("yyyyMMdd'T'HHmmss'Z'")
        for date in Self.instants(2000) {
            #expect(AmzDate.format(date) == oracle.string(from: date), "\(date.timeIntervalSince1970)")
        }
    }

    @Test("dates beyond the four-digit years, or not finite, are clamped, never a trap")
    func clamped() {
        #expect(AmzDate.format(.distantFuture) == "40010101T000000Z")
        #expect(AmzDate.format(Date(timeIntervalSince1970: 1e15)) == "99991231T235959Z")
        #expect(AmzDate.format(Date(timeIntervalSince1970: .infinity)) == "99991231T235959Z")
        #expect(AmzDate.format(Date(timeIntervalSince1970: -.infinity)) == "00000101T000000Z")
        #expect(AmzDate.format(Date(timeIntervalSince1970: .nan)) == "00000101T000000Z")
        #expect(HTTPDate.format(Date(timeIntervalSince1970: -1e300)) == "Sat, 01 Jan 0000 00:00:00 GMT")
    }

    @Test("civil days and back agree for every day of 0000–9999; weekdays are right")
    func civilDays() {
        let first = UTCTime.days(year: 0, month: 1, day: 1)
        let last = UTCTime.days(year: 9999, month: 12, day: 31)
        var expected = (year: 0, month: 1, day: 1)
        var firstWrong: Int?
        for day in first...last {
            let civil = UTCTime.civil(fromDays: day)
            if civil != expected || UTCTime.days(year: civil.year, month: civil.month, day: civil.day) != day {
                firstWrong = day
                break
            }
            expected.day += 1
            if expected.day > UTCTime.daysIn(month: expected.month, year: expected.year) {
                expected.day = 1
                expected.month += 1
                if expected.month > 12 { (expected.year, expected.month) = (expected.year + 1, 1) }
            }
        }
        #expect(firstWrong == nil)
        #expect(expected == (10000, 1, 1))
        #expect(UTCTime(Self.example).weekday == 0)
        #expect(UTCTime(Date(timeIntervalSince1970: 0)).weekday == 4)
        #expect(UTCTime(Date(timeIntervalSince1970: -86_400)).weekday == 3)
        #expect(UTCTime(year: 2023, month: 2, day: 29, hour: 0, minute: 0, second: 0) == nil)
        #expect(UTCTime(year: 2000, month: 2, day: 29, hour: 0, minute: 0, second: 0) != nil)
        #expect(UTCTime(year: 1900, month: 2, day: 29, hour: 0, minute: 0, second: 0) == nil)
    }

    @Test("HTTP dates: RFC 9110's example both ways; format and parse agree with DateFormatter")
    func httpDates() {
        #expect(HTTPDate.format(Self.example) == "Sun, 06 Nov 1994 08:49:37 GMT")
        #expect(HTTPDate.parse("Sun, 06 Nov 1994 08:49:37 GMT") == Self.example)
        #expect(HTTPDate.parse("Sun, 06 Nov 1994 08:49:37 UTC") == Self.example)
        let oracle = Self.formatter("EEE, dd MMM yyyy HH:mm:ss 'GMT'")
        for date in Self.instants(2000) {
            let text = HTTPDate.format(date)
            #expect(text == oracle.string(from: date))
            #expect(HTTPDate.parse(text) == oracle.date(from: text))
        }
    }

    @Test("HTTP dates that are not IMF-fixdates are refused", arguments: [
        "", "Sun, 06 Nov 1994 08:49:37", "Sun, 06 Nov 1994 08:49:37 PST", "Sun, 06 Nov 1994 08:49:37 GMT ", "Sun, 6 Nov 1994 08:49:37 GMT",
        "Xyz, 06 Nov 1994 08:49:37 GMT", "Sun, 06 Nev 1994 08:49:37 GMT", "Sun, 31 Nov 1994 08:49:37 GMT", "Sun, 06 Nov 1994 24:00:00 GMT",
        "Sun, 06 Nov 1994 08:60:37 GMT", "Sun, 06 Nov 1994 08:49:60 GMT", "Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994",
        "Sun, 06 Nov 1994 08:49:37 gmt", "Sun, 0x Nov 1994 08:49:37 GMT", "Sun, 06 Nov 1994 08:49:37 GMTX",
    ])
    func httpRefused(_ text: String) {
        #expect(HTTPDate.parse(text) == nil)
    }

    @Test("ISO 8601 times as AWS writes them, with fractions and offsets")
    func isoTimes() {
        let base = Date(timeIntervalSince1970: 1_795_597_200)  // 2026-11-25T09:00:00Z
        #expect(ISO8601Date.parse("2026-11-25T09:00:00Z") == base)
        #expect(ISO8601Date.parse("2026-11-25t09:00:00z") == base)
        #expect(ISO8601Date.parse("2026-11-25T09:00:00.000Z") == base)
        #expect(ISO8601Date.parse("2026-11-25T09:00:00.5Z") == base.addingTimeInterval(0.5))
        #expect(ISO8601Date.parse("2026-11-25T09:00:00.123456789123Z")?.timeIntervalSince1970 == 1_795_597_200.123456789)
        #expect(ISO8601Date.parse("2026-11-25T10:00:00+01:00") == base)
        #expect(ISO8601Date.parse("2026-11-25T03:30:00-0530") == base)
        #expect(ISO8601Date.format(base) == "2026-11-25T09:00:00Z")
        #expect(ISO8601Date.format(base.addingTimeInterval(0.0424), milliseconds: true) == "2026-11-25T09:00:00.042Z")
        #expect(ISO8601Date.format(base.addingTimeInterval(0.9996), milliseconds: true) == "2026-11-25T09:00:01.000Z")
        #expect(ISO8601Date.format(base.addingTimeInterval(-0.0004), milliseconds: true) == "2026-11-25T09:00:00.000Z")
        // Found by the fuzzer: a far date's .4 is held as .39996… and was written .399.
        let far = ISO8601Date.parse("9411-11-25T09:00:00.400Z") ?? base
        #expect(ISO8601Date.format(far, milliseconds: true) == "9411-11-25T09:00:00.400Z")
        #expect(ISO8601Date.format(Date(timeIntervalSince1970: -0.0004), milliseconds: true) == "1970-01-01T00:00:00.000Z")
        #expect(ISO8601Date.format(Date(timeIntervalSince1970: -0.0006), milliseconds: true) == "1969-12-31T23:59:59.999Z")
        let plain = ISO8601DateFormatter()
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        for date in Self.instants(2000) {
            let whole = ISO8601Date.format(date)
            #expect(whole == plain.string(from: date))
            #expect(ISO8601Date.parse(whole) == plain.date(from: whole))
            let milliseconds = ISO8601Date.format(date, milliseconds: true)
            #expect(ISO8601Date.parse(milliseconds).map { abs($0.timeIntervalSince(date)) < 0.001 } == true, "\(milliseconds)")
            #expect(milliseconds.dropLast(5) == fractional.string(from: date).dropLast(5))
        }
    }

    @Test("text that is not such a time is refused", arguments: [
        "", "2026-11-25", "2026-11-25T09:00:00", "2026-11-25T09:00Z", "2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z", "2026-11-25T24:00:00Z",
        "2026-11-25T09:00:00.Z", "2026-11-25T09:00:00Zjunk", "2026-11-25T09:00:00+1:00", "2026-11-25T09:00:00+01:60", "2026-11-25T09:00:00+24:00",
        "2026-11-25 09:00:00Z", "+2026-11-25T09:00:00Z", "２０２６-11-25T09:00:00Z", "2026-11-25T09:00:00+01:00:00",
    ])
    func isoRefused(_ text: String) {
        #expect(ISO8601Date.parse(text) == nil)
    }
}
