import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Lambda's `LastModified` format: ISO 8601 in UTC with milliseconds and a
/// `+0000` offset, such as `2026-11-25T09:00:00.000+0000`.
enum FunctionTimestamp {
    /// `time` in Lambda's format.
    static func lambda(_ time: timespec) -> String {
        var seconds = time_t(time.tv_sec)
        var parts = tm()
        guard gmtime_r(&seconds, &parts) != nil else { return "1970-01-01T00:00:00.000+0000" }
        let milliseconds = Int32(max(0, min(999, time.tv_nsec / 1_000_000)))
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d.%03d+0000",
            parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday, parts.tm_hour, parts.tm_min, parts.tm_sec, milliseconds)
    }
}
