import CloudKitModel
import CloudKitProviderSupport
import CloudKitTestSupport
import Foundation
import Testing

/// The one file sink every provider downloads through: whole or nothing.
@Suite("AtomicFileSink")
struct AtomicFileSinkTests {
    func folder() throws -> String {
        let path = TestFolders.path("ck-sink")
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    func write(_ sink: AtomicFileSink, _ text: String, at offset: Int64? = nil) throws {
        let bytes = Array(text.utf8)
        try bytes.withUnsafeBytes { buffer in
            if let offset { try sink.write(buffer, at: offset) } else { try sink.write(buffer) }
        }
    }

    @Test("nothing appears until commit, then the whole file replaces the old one, and no temporary is left")
    func commitReplaces() throws {
        let folder = try folder()
        let path = "\(folder)/out.txt"
        try "old".write(toFile: path, atomically: true, encoding: .utf8)
        let sink = try AtomicFileSink(replacing: path)
        try write(sink, "new ")
        try write(sink, "bytes")
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "old")
        try sink.commit()
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "new bytes")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["out.txt"])
    }

    @Test("parts written at offsets in any order make the whole file")
    func offsets() throws {
        let path = "\(try folder())/parts.bin"
        let sink = try AtomicFileSink(replacing: path)
        try write(sink, "world", at: 6)
        try write(sink, "hello ", at: 0)
        try sink.commit()
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "hello world")
    }

    @Test("discarding, or dropping the sink, leaves the old file and no temporary")
    func discard() throws {
        let folder = try folder()
        let path = "\(folder)/keep.txt"
        try "keep".write(toFile: path, atomically: true, encoding: .utf8)
        let sink = try AtomicFileSink(replacing: path)
        try write(sink, "lost")
        sink.discard()
        do {
            let dropped = try AtomicFileSink(replacing: path)
            try write(dropped, "also lost")
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "keep")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["keep.txt"])
        #expect(throws: CloudError.self) { try sink.commit() }
    }

    @Test("a missing folder or a path that names no file is invalid argument")
    func badPaths() throws {
        let missing = #expect(throws: CloudError.self) { try AtomicFileSink(replacing: "/nonexistent-\(UUID().uuidString)/f") }
        #expect(missing?.kind == .invalidArgument)
        #expect(missing?.code == "NoSuchFile")
        let folderOnly = #expect(throws: CloudError.self) { try AtomicFileSink(replacing: "\(try folder())/") }
        #expect(folderOnly?.kind == .invalidArgument)
    }

    @Test("file errors map to stable kinds")
    func errorMapping() {
        let denied = FileErrors.map("cannot create", "/some/path", EACCES)
        #expect(denied.kind == .permissionDenied)
        #expect(denied.message.contains("/some/path"))
        #expect(FileErrors.map("cannot write", "/p", EROFS).kind == .permissionDenied)
        #expect(FileErrors.map("open", "/x", ENOENT).kind == .notFound)
        #expect(FileErrors.map("write", "/x", ENOSPC).code == "NoSpace")
        #expect(FileErrors.map("open", "/x", EMFILE).retryable)
        #expect(FileErrors.map("open", "/x", EIO).kind == .internal)
    }

    @Test("a file written past several writeback steps, appended and at offsets, commits whole")
    func writebackKeepsBytes() throws {
        let path = "\(try folder())/large.bin"
        let step = Int(AtomicFileSink.writebackStep)
        let body = (0..<(3 * step + 123)).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let sink = try AtomicFileSink(replacing: path)
        // The second half first, at its offset, then the first half appended.
        let half = body.count / 2
        try body[half...].withUnsafeBytes { try sink.write($0, at: Int64(half)) }
        try body[..<half].withUnsafeBytes { try sink.write($0) }
        try sink.commit()
        #expect(FileManager.default.contents(atPath: path) == Data(body))
    }
}
