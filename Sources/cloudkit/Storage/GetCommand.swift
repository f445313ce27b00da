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
        let sink: BodySink = file == "-"
            ? .stream(BodyWriter { bytes in FileHandle.standardOutput.write(Data(bytes)) })
            : .file(path: file)
        _ = try await global.load().storage.getObject(GetObjectRequest(bucket: bucket, key: key, range: byteRange, sink: sink))
    }
}
