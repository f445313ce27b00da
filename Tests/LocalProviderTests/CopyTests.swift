import CloudKitModel
import Foundation
@testable import LocalProvider
import XCTest

/// Server-side copy: bytes, content type and metadata travel; a new object results.
final class CopyTests: LocalStoreTestCase {
    func testCopyCarriesBytesContentTypeAndMetadataAcrossBuckets() async throws {
        let store = try await makeStore(bucket: "source")
        try await store.createBucket("target")
        let original = try await store.putObject(PutObjectRequest(
            bucket: "source", key: "src key", body: .bytes(Data("copied bytes".utf8)), contentType: "text/plain", metadata: ["m": "1"]))
        try await Task.sleep(nanoseconds: 5_000_000)
        let copied = try await store.copyObject(CopyObjectRequest(sourceBucket: "source", sourceKey: "src key", bucket: "target", key: "dst/ключ"))
        XCTAssertEqual(copied.etag, original.etag)
        XCTAssertEqual(copied.bucket, "target")
        XCTAssertEqual(copied.key, "dst/ключ")
        XCTAssertGreaterThan(try XCTUnwrap(copied.lastModified), try XCTUnwrap(original.lastModified))
        let got = try await store.getObject(GetObjectRequest(bucket: "target", key: "dst/ключ"))
        XCTAssertEqual(got.data, Data("copied bytes".utf8))
        XCTAssertEqual(got.info.contentType, "text/plain")
        XCTAssertEqual(got.info.metadata, ["m": "1"])
    }

    func testCopyIsIndependentOfLaterChangesToTheSource() async throws {
        let store = try await makeStore(bucket: "independent")
        try await put(store, "independent", "a", "version one")
        _ = try await store.copyObject(CopyObjectRequest(sourceBucket: "independent", sourceKey: "a", bucket: "independent", key: "b"))
        try await put(store, "independent", "a", "version two")
        try await store.deleteObject(bucket: "independent", key: "a")
        let actual1 = try await text(store, "independent", "b")
        XCTAssertEqual(actual1, "version one")
    }

    func testCopyOverAnExistingKeyReplacesIt() async throws {
        let store = try await makeStore(bucket: "over")
        try await put(store, "over", "src", "new")
        try await put(store, "over", "dst", "old")
        _ = try await store.copyObject(CopyObjectRequest(sourceBucket: "over", sourceKey: "src", bucket: "over", key: "dst"))
        let actual2 = try await text(store, "over", "dst")
        XCTAssertEqual(actual2, "new")
        XCTAssertEqual(files(under: "\(rootPath)/storage/over/objects").filter { $0.hasSuffix(".object") }.count, 2)
    }

    func testByteCopyFallbackGivesTheSameBytesAndETag() async throws {
        let store = try await makeStore(bucket: "fallback")
        let bytes = pattern(2 * 1024 * 1024 + 11)
        let original = try await store.putObject(PutObjectRequest(bucket: "fallback", key: "src", body: .bytes(bytes)))
        // The path taken when the file system cannot hard-link.
        let blob = try XCTUnwrap(files(under: "\(rootPath)/storage/fallback/objects").first { $0.hasSuffix(".object") })
        let source = try ReadableFile(path: "\(rootPath)/storage/fallback/objects/\(blob)")
        let writer = try BlobWriter(temporaryFolder: LocalRoot(path: rootPath).storage.appending(["fallback", "tmp"]), cancellation: .never)
        try writer.copy(from: source, length: Int64(bytes.count))
        let (staged, etag) = try writer.finish()
        XCTAssertEqual(etag, original.etag)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: staged.path.path)), bytes)
    }

    func testCopyFromAMissingSourceIsNotFound() async throws {
        let store = try await makeStore(bucket: "copies")
        await assertFails(.notFound, code: "NoSuchKey") { () async throws(CloudError) in
            try await store.copyObject(CopyObjectRequest(sourceBucket: "copies", sourceKey: "absent", bucket: "copies", key: "x"))
        }
        await assertFails(.notFound, code: "NoSuchBucket") { () async throws(CloudError) in
            try await store.copyObject(CopyObjectRequest(sourceBucket: "no-such-bucket", sourceKey: "k", bucket: "copies", key: "x"))
        }
        try await put(store, "copies", "k")
        await assertFails(.notFound, code: "NoSuchBucket") { () async throws(CloudError) in
            try await store.copyObject(CopyObjectRequest(sourceBucket: "copies", sourceKey: "k", bucket: "no-such-bucket", key: "x"))
        }
    }

    func testCopyOntoItselfIsInvalidRequestAsOnS3() async throws {
        let store = try await makeStore(bucket: "self")
        try await put(store, "self", "k")
        await assertFails(.invalidArgument, code: "InvalidRequest") { () async throws(CloudError) in
            try await store.copyObject(CopyObjectRequest(sourceBucket: "self", sourceKey: "k", bucket: "self", key: "k"))
        }
    }
}
