import CloudKit
import Foundation

/// The lines of `storage list --long`, as `aws s3 ls` lays them out but
/// with the date in UTC ISO 8601: `2024-05-01T12:00:00Z       1234 key`,
/// and a common prefix as `PRE prefix/` under the size column.
enum LongListing {
    static let dateWidth = 20
    static let sizeWidth = 10

    static func line(_ entry: ListEntry, human: Bool) -> String {
        let name = Terminal.plainName(entry.name)
        guard let object = entry.object else {
            return String(repeating: " ", count: dateWidth) + " " + padded("PRE", sizeWidth) + " " + name
        }
        let date = object.lastModified.map(utc) ?? "-"
        let size = human ? ByteCount.human(object.size) : String(object.size)
        return padded(date, dateWidth, right: false) + " " + padded(size, sizeWidth) + " " + name
    }

    /// `2024-05-01T12:00:00Z`.
    static func utc(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }

    private static func padded(_ text: String, _ width: Int, right: Bool = true) -> String {
        let fill = String(repeating: " ", count: max(0, width - text.count))
        return right ? fill + text : text + fill
    }
}
