import Foundation

/// A moment to the second as its UTC calendar fields (proleptic Gregorian),
/// converted by arithmetic, not by Foundation's `Calendar`: the date forms
/// AWS uses are fixed and always UTC, and building an ICU calendar or
/// formatter cost tens of microseconds on every request (`AmzDate`,
/// `HTTPDate`, `ISO8601Date`). The day arithmetic is Howard Hinnant's
/// `days_from_civil` / `civil_from_days`. Years are kept to 0000–9999, the
/// years the four-digit forms can write.
public struct UTCTime: Sendable, Hashable {
    public var year: Int
    /// 1–12.
    public var month: Int
    /// 1–31.
    public var day: Int
    public var hour: Int
    public var minute: Int
    public var second: Int

    /// The first and last seconds this type holds (0000-01-01T00:00:00Z, 9999-12-31T23:59:59Z).
    static let earliest: Int64 = -62_167_219_200
    static let latest: Int64 = 253_402_300_799

    /// The fields of `date`, to the second below it; a date outside years
    /// 0000–9999 (or not finite) is taken as the nearest end of that range.
    public init(_ date: Date) {
        let interval = date.timeIntervalSince1970
        let seconds: Int64
        if interval.isNaN || interval <= Double(Self.earliest) {
            seconds = Self.earliest
        } else if interval >= Double(Self.latest) {
            seconds = Self.latest
        } else {
            seconds = Int64(interval.rounded(.down))
        }
        self.init(secondsSince1970: seconds)
    }

    /// The fields of a second within `earliest...latest` (clamped to it).
    init(secondsSince1970 value: Int64) {
        let seconds = min(max(value, Self.earliest), Self.latest)
        let days = Int(seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400)
        let inDay = Int(seconds - Int64(days) * 86_400)
        (year, month, day) = Self.civil(fromDays: days)
        hour = inDay / 3600
        minute = inDay / 60 % 60
        second = inDay % 60
    }

    /// Checked fields; nil when one is out of range (30 February, hour 24,
    /// second 60: AWS writes no leap seconds).
    public init?(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) {
        guard (0...9999).contains(year), (1...12).contains(month), day >= 1, day <= Self.daysIn(month: month, year: year),
            (0...23).contains(hour), (0...59).contains(minute), (0...59).contains(second)
        else { return nil }
        (self.year, self.month, self.day, self.hour, self.minute, self.second) = (year, month, day, hour, minute, second)
    }

    /// Seconds since 1970-01-01T00:00:00Z.
    public var secondsSince1970: Int64 {
        Int64(Self.days(year: year, month: month, day: day)) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
    }

    /// The moment as a `Date`.
    public var date: Date { Date(timeIntervalSince1970: Double(secondsSince1970)) }

    /// 0 for Sunday … 6 for Saturday.
    public var weekday: Int {
        let days = Self.days(year: year, month: month, day: day)
        return days >= -4 ? (days + 4) % 7 : (days + 5) % 7 + 6
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 of a civil date.
    static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The civil date of a day since 1970-01-01.
    static func civil(fromDays days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shifted = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shifted + 2) / 5 + 1
        let month = shifted < 10 ? shifted + 3 : shifted - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
