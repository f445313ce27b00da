import CloudKitModel
@testable import LocalProvider
import XCTest

/// The local object store's disk behaviour: atomicity, concurrency, paging, streaming.
final class LocalObjectStoreTests: XCTestCase {
    var root = ""
    var store: LocalObjectStore!

    override func setUpWithError() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("cloudkit-local-\(UUID().uuidString)").path
        store = try LocalObjectStore(root: LocalRoot(path: root))
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: root)
    }

    func testPagingThrough2500KeysYieldsEachOnceInOrder() async throws {
        try await store.createBucket("paging")
        let keys = (0..<2500).map { String(format: "k/%05d", $0) }
        for key in keys {
            _ = try await store.putObject(PutObjectRequest(bucket: "paging", key: key, body: .bytes(Data())))
        }
        var seen: [String] = []
        var token: String?
        var pages = 0
        repeat {
            let page = try await store.listObjects(ListObjectsRequest(bucket: "paging", pageToken: token, maxKeys: 1000))
            seen += page.objects.map(\.key)
            token = page.nextPageToken
            pages += 1
        } while token != nil
        XCTAssertEqual(seen, keys)
        XCTAssertEqual(pages, 3)
    }

    func testConcurrentPutsOfOneKeyLeaveOneWholeObject() async throws {
        try await store.createBucket("race")
        let bodies = (0..<20).map { index in Data(repeating: UInt8(index), count: 100_000 + index) }
        let store = try XCTUnwrap(self.store)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for body in bodies {
                group.addTask { _ = try await store.putObject(PutObjectRequest(bucket: "race", key: "same", body: .bytes(body))) }
            }
            try await group.waitForAll()
        }
        let got = try await store.getObject(GetObjectRequest(bucket: "race", key: "same"))
        let data = try XCTUnwrap(got.data)
        XCTAssertTrue(bodies.contains(data))
        XCTAssertEqual(got.info.size, Int64(data.count))
        let temporary = FileManager.default.enumerator(atPath: "\(root)/storage/race/tmp")?.allObjects ?? []
        XCTAssertTrue(temporary.isEmpty, "temporary files left: \(temporary)")
    }

    func testFailedStreamUploadLeavesNoObjectAndNoTemporaryFile() async throws {
        try await store.createBucket("fail")
        let reader = BodyReader { _ in throw CloudError(.cancelled, "reader gave up") }
        do {
            _ = try await store.putObject(PutObjectRequest(bucket: "fail", key: "k", body: .stream(length: 10, reader: reader)))
            XCTFail("upload should fail")
        } catch {
            XCTAssertEqual(error.kind, .cancelled)
        }
        do {
            _ = try await store.headObject(bucket: "fail", key: "k")
            XCTFail("object should not exist")
        } catch {
            XCTAssertEqual(error.kind, .notFound)
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: "\(root)/storage/fail/tmp"), [])
    }

    func testShortStreamIsRefusedWhole() async throws {
        try await store.createBucket("short")
        let reader = BodyReader { _ in 0 }
        do {
            _ = try await store.putObject(PutObjectRequest(bucket: "short", key: "k", body: .stream(length: 10, reader: reader)))
            XCTFail("short body should fail")
        } catch {
            XCTAssertEqual(error.kind, .invalidArgument)
        }
    }

    func testStreamingSixtyFourMebibytesInAndOut() async throws {
        try await store.createBucket("big")
        let total = 64 << 20
        let offset = Counter()
        let reader = BodyReader { buffer in
            let start = offset.advance(by: buffer.count, limit: total)
            let count = min(buffer.count, total - start)
            for index in 0..<count { buffer[index] = UInt8(truncatingIfNeeded: (start + index) &* 31) }
            return count
        }
        let info = try await store.putObject(PutObjectRequest(bucket: "big", key: "blob", body: .stream(length: Int64(total), reader: reader)))
        XCTAssertEqual(info.size, Int64(total))
        let received = Counter()
        let mismatch = Counter()
        _ = try await store.getObject(GetObjectRequest(bucket: "big", key: "blob", sink: .stream(BodyWriter { bytes in
            let start = received.advance(by: bytes.count, limit: Int.max)
            for index in stride(from: 0, to: bytes.count, by: 4099) where bytes[index] != UInt8(truncatingIfNeeded: (start + index) &* 31) {
                _ = mismatch.advance(by: 1, limit: Int.max)
            }
        })))
        XCTAssertEqual(received.value, total)
        XCTAssertEqual(mismatch.value, 0)
    }

    func testRangeStartBeyondSizeIsInvalidRangeAndEndClamps() async throws {
        try await store.createBucket("ranges")
        _ = try await store.putObject(PutObjectRequest(bucket: "ranges", key: "k", body: .bytes(Data("0123456789".utf8))))
        let clamped = try await store.getObject(GetObjectRequest(bucket: "ranges", key: "k", range: ByteRange(start: 8, end: 100)))
        XCTAssertEqual(clamped.data, Data("89".utf8))
        do {
            _ = try await store.getObject(GetObjectRequest(bucket: "ranges", key: "k", range: ByteRange(start: 10)))
            XCTFail("range beyond the end should fail")
        } catch {
            XCTAssertEqual(error.code, "InvalidRange")
        }
    }

    func testPresignedUploadCommitsOnlySettledUnexpiredFiles() async throws {
        try await store.createBucket("uploads")
        let freshURL = try await store.presign(PresignRequest(bucket: "uploads", key: "fresh", method: .put, expiresSeconds: 60))
        let fresh = try XCTUnwrap(URL(string: freshURL))
        try Data("still being written".utf8).write(to: fresh)
        let listedWhileWriting = try await store.listObjects(ListObjectsRequest(bucket: "uploads"))
        XCTAssertTrue(listedWhileWriting.objects.isEmpty, "an unsettled upload must not be committed")
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(-2)], ofItemAtPath: fresh.path)
        let committed = try await store.getObject(GetObjectRequest(bucket: "uploads", key: "fresh"))
        XCTAssertEqual(committed.data, Data("still being written".utf8))

        let lateURL = try await store.presign(PresignRequest(bucket: "uploads", key: "late", method: .put, expiresSeconds: 1))
        let late = try XCTUnwrap(URL(string: lateURL))
        try Data("too late".utf8).write(to: late)
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(30)], ofItemAtPath: late.path)
        try await Task.sleep(nanoseconds: 10_000_000)
        do {
            _ = try await store.headObject(bucket: "uploads", key: "late")
            XCTFail("an upload after its expiry must be discarded")
        } catch {
            XCTAssertEqual(error.kind, .notFound)
        }
    }

    func testDefaultContentTypeMatchesS3() async throws {
        try await store.createBucket("types")
        let info = try await store.putObject(PutObjectRequest(bucket: "types", key: "k", body: .bytes(Data("x".utf8))))
        XCTAssertEqual(info.contentType, "binary/octet-stream")
        XCTAssertEqual(info.etag, "\"9dd4e461268c8034f5c8564e155c67a6\"")
    }
}

/// A thread-safe counter for test callbacks.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var value = 0

    func advance(by count: Int, limit: Int) -> Int {
        lock.lock()
        defer { lock.unlock() }
        let start = value
        value = min(limit, value + count)
        return start
    }
}
