import CloudKitModel
import Foundation
@testable import LocalProvider
import XCTest

/// Presigned URLs: file:// URLs for reading an object and for uploading one.
final class PresignTests: LocalStoreTestCase {
    func presign(_ store: LocalObjectStore, _ key: String, _ method: PresignMethod, expires: Int64 = 600) async throws -> URL {
        let url = try await store.presign(PresignRequest(bucket: "urls", key: key, method: method, expiresSeconds: expires))
        let parsed = try XCTUnwrap(URL(string: url))
        XCTAssertTrue(parsed.isFileURL, url)
        return parsed
    }

    func testPresignedGetURLReadsTheObjectsBytes() async throws {
        let store = try await makeStore(bucket: "urls")
        for key in ["shared file.txt", "dir/ünï %25 #?.txt", String(repeating: "long", count: 100)] {
            try await put(store, "urls", key, "bytes of \(key)")
            let url = try await presign(store, key, .get)
            XCTAssertEqual(try Data(contentsOf: url), Data("bytes of \(key)".utf8))
        }
    }

    func testPresignedGetOfAMissingKeyIsNoSuchKey() async throws {
        let store = try await makeStore(bucket: "urls")
        await assertFails(.notFound, code: "NoSuchKey") { () async throws(CloudError) in
            try await store.presign(PresignRequest(bucket: "urls", key: "absent", method: .get))
        }
    }

    func testExpiryOutsideOneSecondToSevenDaysIsInvalidArgument() async throws {
        let store = try await makeStore(bucket: "urls")
        try await put(store, "urls", "k")
        for expires: Int64 in [0, -5, 604_801] {
            await assertFails(.invalidArgument, "\(expires)") { () async throws(CloudError) in
                try await store.presign(PresignRequest(bucket: "urls", key: "k", method: .get, expiresSeconds: expires))
            }
        }
        _ = try await presign(store, "k", .get, expires: 604_800)
        _ = try await presign(store, "k", .put, expires: 1)
    }

    func testPresignedPutCommitsOnceTheWriterHasClosedTheFile() async throws {
        let store = try await makeStore(bucket: "urls")
        let url = try await presign(store, "uploaded/by url.bin", .put)
        let bytes = pattern(3 * 1024 * 1024)
        XCTAssertTrue(FileManager.default.createFile(atPath: url.path, contents: nil))
        let handle = try FileHandle(forWritingTo: url)
        try handle.write(contentsOf: bytes.prefix(1_000_000))
        let whileWriting = try await store.listObjects(ListObjectsRequest(bucket: "urls"))
        XCTAssertEqual(whileWriting.objects, [], "an upload still open for writing is not committed")
        try handle.write(contentsOf: bytes.dropFirst(1_000_000))
        try handle.close()
        let got = try await store.getObject(GetObjectRequest(bucket: "urls", key: "uploaded/by url.bin"))
        XCTAssertEqual(got.data, bytes)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: "\(rootPath)/storage/urls/incoming"), [])
    }

    func testPresignedPutWrittenByAFileCopyIsCommitted() async throws {
        let store = try await makeStore(bucket: "urls")
        let source = "\(rootPath)/source.txt"
        try Data("copied in".utf8).write(to: URL(fileURLWithPath: source))
        let url = try await presign(store, "copied", .put)
        try FileManager.default.copyItem(atPath: source, toPath: url.path)
        let actual1 = try await text(store, "urls", "copied")
        XCTAssertEqual(actual1, "copied in")
    }

    func testWriterProbeTellsAnOpenWriterFromAClosedFile() throws {
        try FileManager.default.createDirectory(atPath: rootPath, withIntermediateDirectories: true)
        let probed = RootedPath(root: rootPath, names: ["probed"])
        let path = probed.path
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: Data("x".utf8)))
        let idle = WriterProbe.check(probed)
        try XCTSkipIf(idle == .unknown, "this file system does not grant leases")
        XCTAssertEqual(idle, .idle)
        let handle = try XCTUnwrap(FileHandle(forWritingAtPath: path))
        XCTAssertEqual(WriterProbe.check(probed), .busy)
        try handle.close()
        XCTAssertEqual(WriterProbe.check(probed), .idle)
        let reader = try XCTUnwrap(FileHandle(forReadingAtPath: path))
        XCTAssertEqual(WriterProbe.check(probed), .idle, "readers do not count")
        try reader.close()
    }

    func testWithoutLeasesAnUploadCountsAsFinishedOnceSettled() {
        XCTAssertTrue(PresignedUploads.isFinished(.idle, modifiedAt: 100, now: 100))
        XCTAssertFalse(PresignedUploads.isFinished(.busy, modifiedAt: 0, now: 100))
        XCTAssertFalse(PresignedUploads.isFinished(.unknown, modifiedAt: 99.5, now: 100))
        XCTAssertTrue(PresignedUploads.isFinished(.unknown, modifiedAt: 98, now: 100))
    }

    func testUploadsWrittenAfterTheExpiryAreDiscarded() async throws {
        let store = try await makeStore(bucket: "urls")
        let url = try await presign(store, "late", .put, expires: 1)
        try Data("too late".utf8).write(to: url)
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(30)], ofItemAtPath: url.path)
        await assertFails(.notFound, code: "NoSuchKey") { () async throws(CloudError) in try await store.headObject(bucket: "urls", key: "late") }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: "\(rootPath)/storage/urls/incoming"), [])
    }

    func testAnUploadCommittedLaterDoesNotOverwriteANewerPut() async throws {
        let store = try await makeStore(bucket: "urls")
        let url = try await presign(store, "k", .put)
        try Data("from the url".utf8).write(to: url)
        try await put(store, "urls", "k", "from a later put")
        let actual2 = try await text(store, "urls", "k")
        XCTAssertEqual(actual2, "from a later put")
    }

    func testDeletingABucketCommitsFinishedUploadsFirst() async throws {
        let store = try await makeStore(bucket: "urls")
        let url = try await presign(store, "pending", .put)
        try Data("arrived".utf8).write(to: url)
        await assertFails(.preconditionFailed, code: "BucketNotEmpty") { () async throws(CloudError) in try await store.deleteBucket("urls") }
        _ = try await presign(store, "never-written", .put)
        try await store.deleteObject(bucket: "urls", key: "pending")
        try await store.deleteBucket("urls")
    }
}
