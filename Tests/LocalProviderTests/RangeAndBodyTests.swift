import CloudKitModel
import Foundation
@testable import LocalProvider
import CloudKitTestSupport
import XCTest

/// Byte ranges, body sources and sinks, progress, and the atomic file sink.
final class RangeAndBodyTests: LocalStoreTestCase {
    func get(_ store: LocalObjectStore, _ range: ByteRange) async throws(CloudError) -> Data? {
        try await store.getObject(GetObjectRequest(bucket: "bodies", key: "digits", range: range)).data
    }

    func testRangesAreInclusiveAndClampLikeS3() async throws {
        let store = try await makeStore(bucket: "bodies")
        try await put(store, "bodies", "digits", "0123456789")
        let actual1 = try await get(store, ByteRange(start: 2, end: 5))
        XCTAssertEqual(actual1, Data("2345".utf8))
        let actual2 = try await get(store, ByteRange(start: 7))
        XCTAssertEqual(actual2, Data("789".utf8))
        let actual3 = try await get(store, ByteRange(start: 8, end: 100))
        XCTAssertEqual(actual3, Data("89".utf8))
        let actual4 = try await get(store, ByteRange(start: 9, end: 9))
        XCTAssertEqual(actual4, Data("9".utf8))
        let actual5 = try await get(store, ByteRange(start: 0, end: 0))
        XCTAssertEqual(actual5, Data("0".utf8))
        let ranged = try await store.getObject(GetObjectRequest(bucket: "bodies", key: "digits", range: ByteRange(start: 2, end: 3)))
        XCTAssertEqual(ranged.info.size, 10, "the info describes the whole object")
    }

    func testRangesStartingAtOrBeyondTheEndAreInvalidRange() async throws {
        let store = try await makeStore(bucket: "bodies")
        try await put(store, "bodies", "digits", "0123456789")
        for range in [ByteRange(start: 10), ByteRange(start: 50, end: 60), ByteRange(start: -1, end: 3), ByteRange(start: 5, end: 2)] {
            await assertFails(.invalidArgument, code: "InvalidRange", "\(range)") { () async throws(CloudError) in try await self.get(store, range) }
        }
        _ = try await store.putObject(PutObjectRequest(bucket: "bodies", key: "empty", body: .bytes(Data())))
        await assertFails(.invalidArgument, code: "InvalidRange") { () async throws(CloudError) in
            try await store.getObject(GetObjectRequest(bucket: "bodies", key: "empty", range: ByteRange(start: 0)))
        }
    }

    func testFileSourceAndFileSinkMoveWholeFiles() async throws {
        let store = try await makeStore(bucket: "bodies")
        let folder = "\(rootPath)/files"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let bytes = pattern(3 * 1024 * 1024 + 17)
        try bytes.write(to: URL(fileURLWithPath: "\(folder)/in.bin"))
        let put = try await store.putObject(PutObjectRequest(bucket: "bodies", key: "file", body: .file(path: "\(folder)/in.bin")))
        XCTAssertEqual(put.size, Int64(bytes.count))
        let got = try await store.getObject(GetObjectRequest(bucket: "bodies", key: "file", sink: .file(path: "\(folder)/out.bin")))
        XCTAssertNil(got.data)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: "\(folder)/out.bin")), bytes)
        let ranged = try await store.getObject(GetObjectRequest(
            bucket: "bodies", key: "file", range: ByteRange(start: 1_048_570, end: 1_048_590), sink: .file(path: "\(folder)/part.bin")))
        XCTAssertEqual(ranged.info.size, Int64(bytes.count))
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: "\(folder)/part.bin")), bytes[1_048_570...1_048_590])
    }

    func testMissingSourceFileIsNoSuchFile() async throws {
        let store = try await makeStore(bucket: "bodies")
        await assertFails(.notFound, code: "NoSuchFile") { () async throws(CloudError) in
            try await store.putObject(PutObjectRequest(bucket: "bodies", key: "k", body: .file(path: "\(self.rootPath)/absent.bin")))
        }
        XCTAssertEqual(files(under: "\(rootPath)/storage/bodies"), ["lock"])
    }

    func testFailedGetIntoAFileLeavesTheDestinationUntouchedAndNoTemporaryFile() async throws {
        let store = try await makeStore(bucket: "bodies")
        let folder = "\(rootPath)/sink"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let target = "\(folder)/target.bin"
        try Data("previous content".utf8).write(to: URL(fileURLWithPath: target))
        _ = try await store.putObject(PutObjectRequest(bucket: "bodies", key: "big", body: .bytes(pattern(5 * 1024 * 1024))))

        // A missing key fails before anything is written.
        await assertFails(.notFound) { () async throws(CloudError) in
            try await store.getObject(GetObjectRequest(bucket: "bodies", key: "absent", sink: .file(path: "\(folder)/new.bin")))
        }
        // Cancelling mid-transfer (from the progress callback, after the first chunk) fails the get half-way.
        let holder = TaskHolder()
        let task = Task { () -> CloudErrorKind? in
            do {
                _ = try await store.getObject(GetObjectRequest(bucket: "bodies", key: "big", sink: .file(path: target), progress: { done, _ in
                    if done > 0 { holder.cancel() }
                }))
                return nil
            } catch {
                return (error as? CloudError)?.kind ?? .internal
            }
        }
        holder.set { task.cancel() }
        let outcome: CloudErrorKind? = await task.value
        XCTAssertEqual(outcome, .cancelled)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder), ["target.bin"])
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: target)), Data("previous content".utf8))
    }

    func testCancellingAPutMidStreamLeavesNoObjectAndNoTemporaryFile() async throws {
        let store = try await makeStore(bucket: "bodies")
        let holder = TaskHolder()
        let chunks = LockedCounter()
        let reader = BodyReader { buffer in
            if chunks.advance(by: 1) == 1 { holder.cancel() }
            for index in buffer.indices { buffer[index] = 1 }
            return buffer.count
        }
        let task = Task { () -> CloudErrorKind? in
            do {
                _ = try await store.putObject(PutObjectRequest(bucket: "bodies", key: "k", body: .stream(length: 8 << 20, reader: reader)))
                return nil
            } catch {
                return (error as? CloudError)?.kind ?? .internal
            }
        }
        holder.set { task.cancel() }
        let outcome: CloudErrorKind? = await task.value
        XCTAssertEqual(outcome, .cancelled)
        XCTAssertLessThan(chunks.value, 8, "the upload stopped early")
        await assertFails(.notFound, code: "NoSuchKey") { () async throws(CloudError) in try await store.headObject(bucket: "bodies", key: "k") }
        XCTAssertEqual(files(under: "\(rootPath)/storage/bodies"), ["lock"])
    }

    func testFileSinkInAMissingFolderIsInvalidArgument() async throws {
        let store = try await makeStore(bucket: "bodies")
        try await put(store, "bodies", "k")
        await assertFails(.invalidArgument) { () async throws(CloudError) in
            try await store.getObject(GetObjectRequest(bucket: "bodies", key: "k", sink: .file(path: "\(self.rootPath)/no/such/folder/out")))
        }
    }

    func testStreamLengthMismatchIsRefusedAndLeavesNothing() async throws {
        let store = try await makeStore(bucket: "bodies")
        let short = BodyReader { _ in 0 }
        await assertFails(.invalidArgument, code: "IncompleteBody") { () async throws(CloudError) in
            try await store.putObject(PutObjectRequest(bucket: "bodies", key: "short", body: .stream(length: 10, reader: short)))
        }
        let endless = BodyReader { buffer in
            for index in buffer.indices { buffer[index] = 7 }
            return buffer.count
        }
        await assertFails(.invalidArgument, code: "IncompleteBody") { () async throws(CloudError) in
            try await store.putObject(PutObjectRequest(bucket: "bodies", key: "long", body: .stream(length: 10, reader: endless)))
        }
        let failing = BodyReader { _ in throw CloudError(.cancelled, "reader gave up") }
        await assertFails(.cancelled) { () async throws(CloudError) in
            try await store.putObject(PutObjectRequest(bucket: "bodies", key: "failing", body: .stream(length: 10, reader: failing)))
        }
        XCTAssertEqual(files(under: "\(rootPath)/storage/bodies"), ["lock"])
    }

    func testProgressIsReportedUpToTheTotal() async throws {
        let store = try await makeStore(bucket: "bodies")
        let bytes = pattern(2 * 1024 * 1024 + 3)
        let reports = Reports()
        _ = try await store.putObject(PutObjectRequest(bucket: "bodies", key: "p", body: .bytes(bytes), progress: { reports.add($0, $1) }))
        XCTAssertEqual(reports.last?.0, Int64(bytes.count))
        XCTAssertEqual(reports.last?.1, Int64(bytes.count))
        XCTAssertGreaterThan(reports.count, 1)
        let downloads = Reports()
        _ = try await store.getObject(GetObjectRequest(bucket: "bodies", key: "p", range: ByteRange(start: 3), progress: { downloads.add($0, $1) }))
        XCTAssertEqual(downloads.last?.0, Int64(bytes.count - 3))
        XCTAssertEqual(downloads.last?.1, Int64(bytes.count - 3))
    }

    func testStreamingSixtyFourMebibytesInAndOut() async throws {
        let store = try await makeStore(bucket: "bodies")
        let total: Int64 = 64 << 20
        let produced = LockedCounter()
        let reader = BodyReader { buffer in
            let start = produced.advance(by: Int64(buffer.count))
            let count = Int(max(0, min(Int64(buffer.count), total - start)))
            for index in 0..<count { buffer[index] = patternByte(start + Int64(index)) }
            return count
        }
        let info = try await store.putObject(PutObjectRequest(bucket: "bodies", key: "large", body: .stream(length: total, reader: reader)))
        XCTAssertEqual(info.size, total)
        let received = LockedCounter()
        let mismatches = LockedCounter()
        let largestChunk = LockedCounter()
        _ = try await store.getObject(GetObjectRequest(bucket: "bodies", key: "large", sink: .stream(BodyWriter { bytes in
            let start = received.advance(by: Int64(bytes.count))
            if Int64(bytes.count) > largestChunk.value { largestChunk.advance(by: Int64(bytes.count) - largestChunk.value) }
            for index in stride(from: 0, to: bytes.count, by: 4093) where bytes[index] != patternByte(start + Int64(index)) {
                mismatches.advance(by: 1)
            }
        })))
        XCTAssertEqual(received.value, total)
        XCTAssertEqual(mismatches.value, 0)
        XCTAssertLessThanOrEqual(largestChunk.value, 1 << 20, "bodies move in chunks of at most 1 MiB")
        XCTAssertEqual(files(under: "\(rootPath)/storage/bodies/tmp"), [])
    }
}

/// Lets a callback cancel the task it runs in (waiting until the task is known).
final class TaskHolder: @unchecked Sendable {
    private let lock = NSLock()
    private let ready = DispatchSemaphore(value: 0)
    private var action: (@Sendable () -> Void)?

    func set(_ cancel: @escaping @Sendable () -> Void) {
        lock.withLock { action = cancel }
        ready.signal()
    }

    func cancel() {
        if lock.withLock({ action == nil }) { _ = ready.wait(timeout: .now() + 10) }
        lock.withLock { action }?()
    }
}

/// Progress reports collected from any thread.
final class Reports: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [(Int64, Int64)] = []

    func add(_ done: Int64, _ total: Int64) { lock.withLock { values.append((done, total)) } }
    var last: (Int64, Int64)? { lock.withLock { values.last } }
    var count: Int { lock.withLock { values.count } }
}
