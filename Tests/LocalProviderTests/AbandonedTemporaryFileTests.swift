import CloudKitModel
import Foundation
@testable import LocalProvider
import XCTest

/// What a writer that died (`kill -9` during a large put) leaves in a
/// bucket's temporary folder is removed later; what a live writer holds stays.
final class AbandonedTemporaryFileTests: LocalStoreTestCase {
    var temporary: String { "\(rootPath)/storage/bkt/tmp" }

    /// A file in the bucket's temporary folder, as a writer would leave it.
    func leftover(_ name: String) throws -> String {
        let path = "\(temporary)/\(name)"
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: Data(repeating: 7, count: 4096)))
        return path
    }

    /// Holds an exclusive `flock` on `path`, as a live `StagedFile` does, until the descriptor is closed.
    func hold(_ path: String) throws -> Int32 {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        XCTAssertGreaterThanOrEqual(descriptor, 0)
        XCTAssertEqual(flock(descriptor, LOCK_EX | LOCK_NB), 0)
        return descriptor
    }

    func testAnUnlockedOldFileGoesAndALockedOneStays() async throws {
        let store = try await makeStore(bucket: "bkt")
        let abandoned = try leftover("crashed.blob")
        let live = try leftover("writing.blob")
        let holder = try hold(live)
        defer { close(holder) }
        let reclaimer = TemporaryReclaimer(folder: store.layout("bkt").temporary, age: 3600, logger: .silent)

        XCTAssertEqual(reclaimer.reclaim(), [], "younger than the age, neither counts as abandoned")
        XCTAssertEqual(reclaimer.reclaim(now: Date().addingTimeInterval(7200)), ["crashed.blob"])
        XCTAssertFalse(FileManager.default.fileExists(atPath: abandoned))
        XCTAssertTrue(FileManager.default.fileExists(atPath: live), "a file its writer holds is never removed, however old")
    }

    func testAPutReclaimsWhatACrashedWriterLeft() async throws {
        let store = try LocalObjectStore(root: LocalRoot(path: rootPath), abandonedAge: 0)
        try await store.createBucket("bkt")
        let abandoned = try leftover("crashed.blob")
        let live = try leftover("writing.blob")
        let holder = try hold(live)
        defer { close(holder) }

        try await put(store, "bkt", "next", "fine")
        XCTAssertFalse(FileManager.default.fileExists(atPath: abandoned))
        XCTAssertTrue(FileManager.default.fileExists(atPath: live))
        let text = try await text(store, "bkt", "next")
        XCTAssertEqual(text, "fine")
        XCTAssertEqual(files(under: temporary), ["writing.blob"], "the put's own staged files are gone too")
    }

    func testAFileHeldByAProcessKilledWithSignal9IsReclaimed() async throws {
        let python = "/usr/bin/python3"
        try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: python), "needs python3 to hold a lock in another process")
        let store = try LocalObjectStore(root: LocalRoot(path: rootPath), abandonedAge: 0)
        try await store.createBucket("bkt")
        let path = try leftover("killed.blob")
        // Another process holds the file locked, as a writer in the middle of a put does.
        let writer = Process()
        writer.executableURL = URL(fileURLWithPath: python)
        writer.arguments = ["-c", "import fcntl, sys, time; f = open(sys.argv[1]); fcntl.flock(f, fcntl.LOCK_EX); time.sleep(600)", path]
        writer.standardOutput = FileHandle.nullDevice
        writer.standardError = FileHandle.nullDevice
        try writer.run()
        defer { if writer.isRunning { kill(writer.processIdentifier, SIGKILL) } }
        // Wait for the event: the lock is taken (our own attempt fails).
        while true {
            let probe = tryHold(path)
            if probe < 0 { break }
            close(probe)
            try await Task.sleep(for: .milliseconds(10))
        }
        try await put(store, "bkt", "first")
        XCTAssertTrue(FileManager.default.fileExists(atPath: path), "held by a live process: kept")

        kill(writer.processIdentifier, SIGKILL)
        // Wait for the event: the kernel dropped the dead holder's lock.
        while true {
            let probe = tryHold(path)
            if probe >= 0 {
                close(probe)
                break
            }
            try await Task.sleep(for: .milliseconds(10))
        }
        try await put(store, "bkt", "second")
        XCTAssertFalse(FileManager.default.fileExists(atPath: path), "its holder died: reclaimed")
    }

    /// A descriptor holding `path` locked, or -1 when someone else holds it.
    private func tryHold(_ path: String) -> Int32 {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        XCTAssertGreaterThanOrEqual(descriptor, 0)
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            return -1
        }
        return descriptor
    }
}
