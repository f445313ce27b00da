import CloudKit
import Foundation
import Logging
import Testing

/// `Cloud.load(logger:)`: the provider's lines about one client reach the
/// logger given for it (ABI 1.5 `set_client_log`), and no other client's.
@Suite("A Logger per client")
struct ClientLoggerTests {
    @Test("each call's outcome reaches the client's logger at debug; another client's does not; its level filters",
          arguments: ProviderFixture.storageProviders)
    func callsReachTheLogger(provider: String) async throws {
        let capture = CapturedLines()
        var logger = Logger(label: "test.client") { _ in CapturingLogHandler(capture) }
        logger.logLevel = .debug
        let logged = try await ProviderFixture.open(provider, logger: logger)
        let other = try await ProviderFixture.open(provider)
        let bucket = ProviderFixture.uniqueBucket("logger")
        try await logged.storage.createBucket(bucket)
        _ = try await logged.storage.putObject(PutObjectRequest(bucket: bucket, key: "k", body: .bytes(Data("x".utf8))))
        await #expect(throws: CloudError.self) { try await other.storage.headObject(bucket: bucket + "-absent", key: "k") }
        await logged.close()
        await other.close()
        let lines = capture.lines
        if provider == "memory" {
            // ABI 1.3: no sink per client, so nothing reaches this logger (its lines go to `cloudkit.provider`).
            #expect(lines.isEmpty, "\(lines)")
            return
        }
        #expect(lines.contains { $0.level == .debug && $0.message.hasPrefix("storage.create_bucket → ok in ") }, "\(lines)")
        #expect(lines.contains { $0.message.hasPrefix("storage.put_object → ok in ") }, "\(lines)")
        #expect(!lines.contains { $0.message.contains("storage.head_object") }, "another client's line reached this logger: \(lines)")

        let quiet = CapturedLines()
        var warningsOnly = Logger(label: "test.quiet") { _ in CapturingLogHandler(quiet) }
        warningsOnly.logLevel = .warning
        let filtered = try await ProviderFixture.open(provider, logger: warningsOnly)
        await #expect(throws: CloudError.self) { try await filtered.storage.headObject(bucket: bucket, key: "absent") }
        await filtered.close()
        #expect(quiet.lines.isEmpty, "a warning-level logger got debug lines: \(quiet.lines)")
    }
}

/// Lines a `CapturingLogHandler` received.
final class CapturedLines: @unchecked Sendable {
    struct Line: Sendable, CustomStringConvertible {
        var level: Logger.Level
        var message: String
        var description: String { "\(level): \(message)" }
    }

    private let lock = NSLock()
    private var stored: [Line] = []

    var lines: [Line] { lock.withLock { stored } }

    func append(_ line: Line) { lock.withLock { stored.append(line) } }
}

/// A swift-log handler that keeps each line in memory.
struct CapturingLogHandler: LogHandler {
    let capture: CapturedLines
    var logLevel: Logger.Level = .trace
    var metadata: Logger.Metadata = [:]

    init(_ capture: CapturedLines) { self.capture = capture }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        capture.append(CapturedLines.Line(level: event.level, message: "\(event.message)"))
    }
}
