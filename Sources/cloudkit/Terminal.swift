import CloudKit
import Foundation

/// Writing to the terminal: errors to stderr, JSON rendering.
enum Terminal {
    /// Writes one line to standard error.
    static func error(_ line: String) {
        FileHandle.standardError.write(Data((line.hasSuffix("\n") ? line : line + "\n").utf8))
    }

    /// `error: <kind>: <message> (code X, HTTP n, request id r)`.
    static func describe(_ error: CloudError) -> String {
        "error: \(error.description)"
    }

    /// Writes one line to standard output at once (not buffered), for progress a reader watches.
    static func line(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    /// Writes raw bytes to standard output.
    static func writeStdout(_ bytes: UnsafeRawBufferPointer) throws {
        FileHandle.standardOutput.write(Data(bytes))
    }

    /// Prints a JSON object (sorted keys, one line).
    static func printJSON(_ object: Any) throws {
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        print(String(decoding: data, as: UTF8.self))
    }

    /// A name for one line of plain output: as it is, unless it holds a
    /// control character (a newline would split it, a tab or escape could
    /// disguise it) or starts with a quote; then as a quoted JSON string, so
    /// every line is exactly one name and can be decoded back.
    static func plainName(_ name: String) -> String {
        guard name.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) || name.hasPrefix("\"") else { return name }
        return JSONValue.string(name).text
    }

    /// The ISO 8601 text of a date.
    static func iso8601(_ date: Date?) -> String? {
        guard let date else { return nil }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }

    /// An object's description as a JSON-ready dictionary.
    static func json(_ info: ObjectInfo) -> [String: Any] {
        var object: [String: Any] = ["bucket": info.bucket, "key": info.key, "size": info.size, "metadata": info.metadata]
        if let etag = info.etag { object["etag"] = etag }
        if let contentType = info.contentType { object["contentType"] = contentType }
        if let lastModified = iso8601(info.lastModified) { object["lastModified"] = lastModified }
        if !info.properties.isEmpty { object["properties"] = info.properties }
        return object
    }
}
