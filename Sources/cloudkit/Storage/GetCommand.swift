import ArgumentParser
import CloudKit
import Foundation

/// `cloudkit storage get B KEY [FILE|-] [--range START-END]`.
struct GetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "get", abstract: "Read an object to a file or standard output.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Bucket name.") var bucket: String
    @Argument(help: "Object key.") var key: String
    @Argument(help: "File to write (atomically), or - (the default) for standard output.") var file: String = "-"
    @Option(help: ArgumentHelp("Inclusive byte range, e.g. 0-99 or 100-.", valueName: "START-END")) var range: String?
    @Option(name: .customLong("if-match"), help: "Read only if the object's ETag is this (precondition failed otherwise).") var ifMatch: String?
    @Option(name: .customLong("if-none-match"), help: "Read only if the object's ETag is not this (else precondition failed, NotModified).")
    var ifNoneMatch: String?
    @Option(name: .customLong("if-modified-since"), help: "Read only if changed after this time (ISO 8601, e.g. 2026-11-28T12:00:00Z).")
    var ifModifiedSince: String?
    @Option(name: .customLong("object-option"), help: ArgumentHelp("Any other per-call object option the provider accepts (repeatable; --option sets provider options).", valueName: "KEY=VALUE"))
    var options: [String] = []
    @OptionGroup var progress: ProgressFlags

    /// The per-call options the flags give.
    func optionValues() throws -> [String: String] {
        var values: [String: String] = [:]
        for option in options {
            let (key, value) = try ObjectOptionFlags.split(option, flag: "--object-option")
            values[key] = value
        }
        if let ifMatch { values[ObjectOptionKey.ifMatch] = ifMatch }
        if let ifNoneMatch { values[ObjectOptionKey.ifNoneMatch] = ifNoneMatch }
        if let ifModifiedSince {
            guard let date = ISO8601DateFormatter().date(from: ifModifiedSince) else {
                throw ValidationError("--if-modified-since takes an ISO 8601 time such as 2026-11-28T12:00:00Z, not '\(ifModifiedSince)'")
            }
            values[ObjectOptionKey.ifModifiedSince] = String(Int64(date.timeIntervalSince1970 * 1000))
        }
        return values
    }

    /// Parses `START-END` / `START-`.
    static func parseRange(_ text: String) throws -> ByteRange {
        let parts = text.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, let start = Int64(parts[0]), start >= 0 else {
            throw ValidationError("--range takes START-END or START- (bytes, inclusive), not '\(text)'")
        }
        if parts[1].isEmpty { return ByteRange(start: start) }
        guard let end = Int64(parts[1]), end >= start else {
            throw ValidationError("--range end must be a number not below the start, in '\(text)'")
        }
        return ByteRange(start: start, end: end)
    }

    func run() async throws {
        let byteRange = try range.map(Self.parseRange)
        let options = try optionValues()
        let sink: BodySink = file == "-"
            ? .stream(BodyWriter { bytes in FileHandle.standardOutput.write(Data(bytes)) })
            : .file(path: file)
        let cloud = try await global.load()
        let line = progress.line()
        defer { line?.finish() }
        _ = try await cloud.storage.getObject(
            GetObjectRequest(bucket: bucket, key: key, range: byteRange, sink: sink, options: options, progress: line?.handler))
    }
}
