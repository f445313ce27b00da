import CloudKitModel
import Foundation
@testable import LocalProvider
import XCTest

/// Put, get, head and delete: what S3 returns, and what is left on disk.
final class ObjectTests: LocalStoreTestCase {
    func testPutThenGetAndHeadReturnBytesAndDescription() async throws {
        let store = try await makeStore(bucket: "objects")
        let body = pattern(5000)
        let put = try await store.putObject(PutObjectRequest(
            bucket: "objects", key: "data/blob.bin", body: .bytes(body), contentType: "application/x-test",
            metadata: ["Owner": "alice", "purpose": "tests"]))
        XCTAssertEqual(put.size, 5000)
        XCTAssertEqual(put.metadata, ["owner": "alice", "purpose": "tests"])
        let got = try await store.getObject(GetObjectRequest(bucket: "objects", key: "data/blob.bin"))
        XCTAssertEqual(got.data, body)
        XCTAssertEqual(got.info, put)
        let head = try await store.headObject(bucket: "objects", key: "data/blob.bin")
        XCTAssertEqual(head, put)
        XCTAssertEqual(head.contentType, "application/x-test")
        let modified = try XCTUnwrap(head.lastModified)
        XCTAssertLessThan(abs(modified.timeIntervalSinceNow), 60)
    }

    func testETagIsTheQuotedHexMD5AndContentTypeDefaultsAsOnS3() async throws {
        let store = try await makeStore(bucket: "etags")
        let info = try await put(store, "etags", "k", "x")
        XCTAssertEqual(info.etag, "\"9dd4e461268c8034f5c8564e155c67a6\"")
        XCTAssertEqual(info.contentType, "binary/octet-stream")
        let empty = try await store.putObject(PutObjectRequest(bucket: "etags", key: "empty", body: .bytes(Data())))
        XCTAssertEqual(empty.etag, "\"d41d8cd98f00b204e9800998ecf8427e\"")
        let fox = try await put(store, "etags", "fox", "The quick brown fox jumps over the lazy dog")
        XCTAssertEqual(fox.etag, "\"9e107d9d372bb6826bd81d3542a419d6\"")
    }

    func testEmptyObjectRoundTrips() async throws {
        let store = try await makeStore(bucket: "empty")
        _ = try await store.putObject(PutObjectRequest(bucket: "empty", key: "nothing", body: .bytes(Data())))
        let got = try await store.getObject(GetObjectRequest(bucket: "empty", key: "nothing"))
        XCTAssertEqual(got.data, Data())
        XCTAssertEqual(got.info.size, 0)
    }

    func testAPutReplacesTheObjectWholeAndRemovesTheOldBlob() async throws {
        let store = try await makeStore(bucket: "replace")
        _ = try await store.putObject(PutObjectRequest(bucket: "replace", key: "k", body: .bytes(Data("first version".utf8)), metadata: ["v": "1"]))
        _ = try await store.putObject(PutObjectRequest(bucket: "replace", key: "k", body: .bytes(Data("2".utf8))))
        let got = try await store.getObject(GetObjectRequest(bucket: "replace", key: "k"))
        XCTAssertEqual(got.data, Data("2".utf8))
        XCTAssertEqual(got.info.metadata, [:])
        XCTAssertEqual(files(under: "\(rootPath)/storage/replace/objects").filter { $0.hasSuffix(".object") }.count, 1)
        XCTAssertEqual(files(under: "\(rootPath)/storage/replace/tmp"), [])
    }

    func testMissingKeyIsNoSuchKeyForGetAndHead() async throws {
        let store = try await makeStore(bucket: "missing")
        try await put(store, "missing", "present/child")
        for key in ["nope", "present", "present/", "present/child/deeper"] {
            await assertFails(.notFound, code: "NoSuchKey", key) { () async throws(CloudError) in
                try await store.getObject(GetObjectRequest(bucket: "missing", key: key))
            }
            await assertFails(.notFound, code: "NoSuchKey", key) { () async throws(CloudError) in try await store.headObject(bucket: "missing", key: key) }
        }
    }

    func testDeleteRemovesTheObjectAndItsEmptyFoldersAndMissingKeysAreFine() async throws {
        let store = try await makeStore(bucket: "deletes")
        try await put(store, "deletes", "a/b/c/d")
        try await put(store, "deletes", "a/keep")
        try await store.deleteObject(bucket: "deletes", key: "a/b/c/d")
        await assertFails(.notFound, code: "NoSuchKey") { () async throws(CloudError) in try await store.headObject(bucket: "deletes", key: "a/b/c/d") }
        XCTAssertEqual(folders(under: "\(rootPath)/storage/deletes/objects"), ["a.d"])
        try await store.deleteObject(bucket: "deletes", key: "never-existed")
        try await store.deleteObject(bucket: "deletes", key: "a/b/c/d")
        try await store.deleteObject(bucket: "deletes", key: "a/keep")
        XCTAssertEqual(files(under: "\(rootPath)/storage/deletes/objects"), [])
        XCTAssertEqual(folders(under: "\(rootPath)/storage/deletes/objects"), [])
    }

    func testKeyAndItsPrefixKeyCoexist() async throws {
        let store = try await makeStore(bucket: "nested")
        let keys = ["a", "a/", "a/b", "a/b/", "a//b", "a/b/c"]
        for key in keys { try await put(store, "nested", key, "body of \(key)") }
        for key in keys {
            let body = try await text(store, "nested", key)
            XCTAssertEqual(body, "body of \(key)")
        }
        try await store.deleteObject(bucket: "nested", key: "a/b")
        let actual1 = try await text(store, "nested", "a/b/c")
        XCTAssertEqual(actual1, "body of a/b/c")
        let actual2 = try await text(store, "nested", "a")
        XCTAssertEqual(actual2, "body of a")
    }

    func testUnusualKeysRoundTrip() async throws {
        let store = try await makeStore(bucket: "unusual")
        let keys = [
            "a b/c d.txt", "ünïcödé/日本語.txt", "plus+and&amp=?.txt", "percent%20literal", "%", ".hidden", "dir/.hidden", "tab\tkey",
            "emoji/🚀", "x.d", "x.meta", "x.object", "back\\slash",
            String(repeating: "long", count: 256), "folder/" + String(repeating: "ü", count: 300) + "/leaf", String(repeating: "a/", count: 511) + "z",
        ]
        for key in keys { try await put(store, "unusual", key, key) }
        for key in keys {
            let actual3 = try await text(store, "unusual", key)
            XCTAssertEqual(actual3, key)
            let actual4 = try await store.headObject(bucket: "unusual", key: key).key
            XCTAssertEqual(actual4, key)
        }
    }

    func testInvalidKeysAreInvalidArgumentAndChangeNothing() async throws {
        let store = try await makeStore(bucket: "invalid")
        for key in ["", "../escape", "a/../../b", "/absolute", "a/./b", String(repeating: "k", count: 1025), "nul\u{0}"] {
            await assertFails(.invalidArgument, key) { () async throws(CloudError) in try await self.put(store, "invalid", key) }
            await assertFails(.invalidArgument, key) { () async throws(CloudError) in try await store.headObject(bucket: "invalid", key: key) }
            await assertFails(.invalidArgument, key) { () async throws(CloudError) in try await store.deleteObject(bucket: "invalid", key: key) }
        }
        XCTAssertEqual(files(under: "\(rootPath)/storage/invalid/objects"), [])
        XCTAssertEqual(files(under: "\(rootPath)/storage/invalid/tmp"), [])
    }

    func testMetadataFollowsS3Rules() async throws {
        let store = try await makeStore(bucket: "meta")
        let request = { (metadata: [String: String]) in PutObjectRequest(bucket: "meta", key: "k", body: .bytes(Data()), metadata: metadata) }
        await assertFails(.invalidArgument) { () async throws(CloudError) in try await store.putObject(request(["bad key": "v"])) }
        await assertFails(.invalidArgument) { () async throws(CloudError) in try await store.putObject(request(["": "v"])) }
        await assertFails(.invalidArgument) { () async throws(CloudError) in try await store.putObject(request(["k": "line\r\nbreak"])) }
        await assertFails(.invalidArgument) { () async throws(CloudError) in try await store.putObject(request(["Same": "1", "same": "2"])) }
        await assertFails(.invalidArgument, code: "MetadataTooLarge") { () async throws(CloudError) in
            try await store.putObject(request(["big": String(repeating: "v", count: 2048)]))
        }
        let stored = try await store.putObject(request(["Mixed-Case": "Value with spaces ü"]))
        XCTAssertEqual(stored.metadata, ["mixed-case": "Value with spaces ü"])
    }

    func testObjectFilesAreReadOnly() async throws {
        let store = try await makeStore(bucket: "readonly")
        try await put(store, "readonly", "k")
        let blob = try XCTUnwrap(files(under: "\(rootPath)/storage/readonly/objects").first { $0.hasSuffix(".object") })
        let attributes = try FileManager.default.attributesOfItem(atPath: "\(rootPath)/storage/readonly/objects/\(blob)")
        XCTAssertEqual((attributes[.posixPermissions] as? NSNumber)?.intValue, 0o444)
    }
}
