import CloudKitModel
import Foundation
@testable import LocalProvider
import XCTest

/// A root whose records or folders were edited is never trusted to lead
/// outside it: a record naming a blob that is not its own is `CorruptRecord`,
/// a link in place of a folder or file is `permissionDenied`, and nothing
/// outside the root is read, written or removed.
final class TamperedRootTests: LocalStoreTestCase {
    /// A folder beside the root, holding what must never be touched.
    var outside: String { rootPath + "-outside" }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: outside)
        try super.tearDownWithError()
    }

    /// Every file below `outside` with its content.
    func outsideSnapshot() throws -> [String: Data] {
        var snapshot: [String: Data] = [:]
        for file in files(under: outside) { snapshot[file] = try Data(contentsOf: URL(fileURLWithPath: "\(outside)/\(file)")) }
        return snapshot
    }

    /// A store on `outside` with bucket `bkt` holding `keys`, each with the text "outside".
    func outsideBucket(_ keys: [String]) async throws {
        let store = try LocalObjectStore(root: LocalRoot(path: outside))
        try await store.createBucket("bkt")
        for key in keys { try await put(store, "bkt", key, "outside") }
    }

    /// Replaces `path` inside the root by a symbolic link to `target`.
    func replaceWithLink(_ path: String, to target: String) throws {
        try FileManager.default.removeItem(atPath: path)
        try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: target)
    }

    func testARecordNamingABlobOutsideItsFolderIsCorruptForEveryUse() async throws {
        let store = try await makeStore(bucket: "bkt")
        try await put(store, "bkt", "k", "inside")
        try await put(store, "bkt", "other", "other")
        try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: true)
        let secret = "\(outside)/secret.txt"
        try Data("outside".utf8).write(to: URL(fileURLWithPath: secret))
        let recordPath = store.layout("bkt").recordPath(for: try ObjectKeyPath(key: "k")).path
        let original = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: recordPath))) as? [String: Any])
        let otherBlob = try XCTUnwrap(files(under: "\(rootPath)/storage/bkt/objects").first { $0.hasPrefix("other.") && $0.hasSuffix(".object") })
        // objects/ → b → storage → root → the folder holding root and outside.
        let escapes = ["../../../../\(URL(fileURLWithPath: outside).lastPathComponent)/secret.txt", secret, "k.meta", otherBlob, "k..object", ""]
        for blob in escapes {
            var edited = original
            edited["blob"] = blob
            try JSONSerialization.data(withJSONObject: edited).write(to: URL(fileURLWithPath: recordPath))
            await assertFails(.internal, code: "CorruptRecord", blob) { () async throws(CloudError) in try await store.getObject(GetObjectRequest(bucket: "bkt", key: "k")) }
            await assertFails(.internal, code: "CorruptRecord", blob) { () async throws(CloudError) in try await store.deleteObject(bucket: "bkt", key: "k") }
            await assertFails(.internal, code: "CorruptRecord", blob) { () async throws(CloudError) in
                try await store.copyObject(CopyObjectRequest(sourceBucket: "bkt", sourceKey: "k", bucket: "bkt", key: "copy"))
            }
            await assertFails(.internal, code: "CorruptRecord", blob) { () async throws(CloudError) in
                try await store.presign(PresignRequest(bucket: "bkt", key: "k", method: .get, expiresSeconds: 60))
            }
            XCTAssertTrue(FileManager.default.fileExists(atPath: recordPath), "a failed delete removes nothing")
        }
        XCTAssertEqual(try String(contentsOfFile: secret, encoding: .utf8), "outside")
        let otherText = try await text(store, "bkt", "other")
        XCTAssertEqual(otherText, "other", "another object's blob is not removed either")
        // A put replaces the damaged record and leaves whatever it named alone.
        try await put(store, "bkt", "k", "repaired")
        let repaired = try await text(store, "bkt", "k")
        XCTAssertEqual(repaired, "repaired")
        XCTAssertEqual(try String(contentsOfFile: secret, encoding: .utf8), "outside")
    }

    func testABucketFolderReplacedByALinkToOutsideIsRefused() async throws {
        let store = try await makeStore(bucket: "bkt")
        try await put(store, "bkt", "k", "inside")
        try await outsideBucket(["k"])
        try replaceWithLink("\(rootPath)/storage/bkt", to: "\(outside)/storage/bkt")
        let before = try outsideSnapshot()

        await assertFails(.permissionDenied, code: "SymbolicLink") { () async throws(CloudError) in try await put(store, "bkt", "new", "written through the link") }
        await assertFails(.permissionDenied, code: "SymbolicLink") { () async throws(CloudError) in try await store.getObject(GetObjectRequest(bucket: "bkt", key: "k")) }
        await assertFails(.permissionDenied, code: "SymbolicLink") { () async throws(CloudError) in try await store.deleteObject(bucket: "bkt", key: "k") }
        await assertFails(.permissionDenied, code: "SymbolicLink") { () async throws(CloudError) in try await store.listObjects(ListObjectsRequest(bucket: "bkt")) }
        await assertFails(.permissionDenied, code: "SymbolicLink") { () async throws(CloudError) in try await store.deleteBucket("bkt") }
        XCTAssertEqual(try outsideSnapshot(), before, "nothing outside the root changed")
    }

    func testAKeyFolderReplacedByALinkToOutsideIsRefused() async throws {
        let store = try await makeStore(bucket: "bkt")
        try await put(store, "bkt", "dir/k", "inside")
        try await outsideBucket(["dir/k"])
        try replaceWithLink("\(rootPath)/storage/bkt/objects/dir.d", to: "\(outside)/storage/bkt/objects/dir.d")
        let before = try outsideSnapshot()

        await assertFails(.permissionDenied, code: "SymbolicLink") { () async throws(CloudError) in try await store.getObject(GetObjectRequest(bucket: "bkt", key: "dir/k")) }
        await assertFails(.permissionDenied, code: "SymbolicLink") { () async throws(CloudError) in try await store.headObject(bucket: "bkt", key: "dir/k") }
        await assertFails(.permissionDenied, code: "SymbolicLink") { () async throws(CloudError) in try await put(store, "bkt", "dir/new", "written through the link") }
        await assertFails(.permissionDenied, code: "SymbolicLink") { () async throws(CloudError) in try await put(store, "bkt", "dir/k", "replaced through the link") }
        await assertFails(.permissionDenied, code: "SymbolicLink") { () async throws(CloudError) in try await store.deleteObject(bucket: "bkt", key: "dir/k") }
        await assertFails(.permissionDenied, code: "SymbolicLink") { () async throws(CloudError) in try await store.listObjects(ListObjectsRequest(bucket: "bkt")) }
        XCTAssertEqual(try outsideSnapshot(), before, "nothing outside the root changed")
        XCTAssertEqual(files(under: "\(rootPath)/storage/bkt/tmp"), [], "the refused puts left nothing behind")
    }

    func testARecordOrTemporaryFolderReplacedByALinkIsRefused() async throws {
        let store = try await makeStore(bucket: "bkt")
        try await put(store, "bkt", "k", "inside")
        try await outsideBucket(["k"])
        let outsideRecord = try XCTUnwrap(files(under: "\(outside)/storage/bkt/objects").first { $0.hasSuffix(".meta") })
        try replaceWithLink("\(rootPath)/storage/bkt/objects/k.meta", to: "\(outside)/storage/bkt/objects/\(outsideRecord)")
        await assertFails(.permissionDenied, code: "SymbolicLink") { () async throws(CloudError) in try await store.getObject(GetObjectRequest(bucket: "bkt", key: "k")) }
        await assertFails(.permissionDenied, code: "SymbolicLink") { () async throws(CloudError) in try await store.listObjects(ListObjectsRequest(bucket: "bkt")) }

        try FileManager.default.createDirectory(atPath: "\(outside)/tmp", withIntermediateDirectories: true)
        try replaceWithLink("\(rootPath)/storage/bkt/tmp", to: "\(outside)/tmp")
        let before = try outsideSnapshot()
        await assertFails(.permissionDenied, code: "SymbolicLink") { () async throws(CloudError) in try await put(store, "bkt", "staged", "written through the link") }
        XCTAssertEqual(try outsideSnapshot(), before)
        XCTAssertEqual(files(under: "\(outside)/tmp"), [])
    }
}
