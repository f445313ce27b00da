#if canImport(Glibc)
import Glibc
#endif
import Logging

/// The command line's swift-log handler: one line per entry on standard
/// error, never standard output (which carries the command's results and
/// object bodies), written with a single `write` so lines from different
/// threads never interleave:
///
///     2026-11-29T05:40:01.123Z debug cloudkit.client: storage.put_object → ok in 1.2 ms
///
/// Its level is the command line's verbosity (`CLILog.level`) at the time
/// it is read, so `--debug`, parsed after the handler was installed, still
/// lowers it for the provider libraries loaded later.
struct StderrLogHandler: LogHandler {
    let label: String
    var metadata: Logger.Metadata = [:]
    private var levelOverride: Logger.Level?

    init(label: String) { self.label = label }

    var logLevel: Logger.Level {
        get { levelOverride ?? CLILog.level }
        set { levelOverride = newValue }
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var line = "\(Self.timestamp()) \(event.level) \(label): \(event.message)"
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        if !merged.isEmpty {
            line += " " + merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        }
        line += "\n"
        var bytes = Array(line.utf8)
        bytes.withUnsafeMutableBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(2, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
                if written > 0 { offset += written } else if written < 0 && errno == EINTR { continue } else { return }
            }
        }
    }

    /// UTC with milliseconds, built from `clock_gettime` and `gmtime_r`
    /// (no formatter object per line).
    static func timestamp() -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        var seconds = now.tv_sec
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func padded(_ value: Int32, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(padded(parts.tm_year + 1900, 4))-\(padded(parts.tm_mon + 1, 2))-\(padded(parts.tm_mday, 2))T"
            + "\(padded(parts.tm_hour, 2)):\(padded(parts.tm_min, 2)):\(padded(parts.tm_sec, 2)).\(padded(Int32(now.tv_nsec / 1_000_000), 3))Z"
    }
}
