import CloudKitModel
import Foundation
@testable import LocalProvider
import Testing

/// Per-call object options: what the local provider keeps with an object,
/// reads back, copies, and what it refuses.
@Suite("Local object options")
struct ObjectOptionsTests {
    let root = KeyValueTestRoot()

    func store() async throws -> LocalObjectStore {
        let store = try LocalObjectStore(root: LocalRoot(path: root.path))
        try await store.createBucket("bkt")
        return store
    }

    func put(_ store: LocalObjectStore, _ key: String, options: [String: String] = [:]) async throws(CloudError) -> ObjectInfo {
        try await store.putObject(PutObjectRequest(bucket: "bkt", key: key, body: .bytes(Data("body".utf8)), options: options))
    }

    static let stored = [
        ObjectOptionKey.cacheControl: "max-age=60, public",
        ObjectOptionKey.contentEncoding: "br",
        ObjectOptionKey.contentDisposition: "attachment; filename=\"a b.txt\"",
        ObjectOptionKey.tags: "team=blue&cost%20centre=42&empty=",
    ]

    @Test("each kept option is stored and read back by put, head and get, with the tag count")
    func storedAndReadBack() async throws {
        let store = try await store()
        let expected = Self.stored.merging(["tag_count": "3"]) { $1 }
        let put = try await put(store, "k", options: Self.stored)
        #expect(put.properties == expected)
        #expect(try await store.headObject(bucket: "bkt", key: "k").properties == expected)
        let got = try await store.getObject(GetObjectRequest(bucket: "bkt", key: "k"))
        #expect(got.info.properties == expected)
        #expect(got.data == Data("body".utf8))
        for (key, value) in Self.stored {
            let single = try await self.put(store, "single", options: [key: value])
            #expect(single.properties[key] == value, "\(key)")
            #expect(try await store.headObject(bucket: "bkt", key: "single").properties[key] == value, "\(key)")
        }
        let plain = try await self.put(store, "k")
        #expect(plain.properties.isEmpty, "a put without options replaces the properties too")
    }

    @Test("storage class and server-side encryption are unsupported, naming the key, and nothing is stored", arguments: [
        (ObjectOptionKey.storageClass, "STANDARD_IA"), (ObjectOptionKey.serverSideEncryption, "AES256"), (ObjectOptionKey.sseKMSKeyID, "key-1"),
    ])
    func refusedKeys(key: String, value: String) async throws {
        let store = try await store()
        let error = await kvFailure(.unsupported) { try await put(store, "k", options: [key: value]) }
        #expect(error?.message.contains("'\(key)'") == true)
        await kvFailure(.notFound) { try await store.headObject(bucket: "bkt", key: "k") }
        _ = try await put(store, "source")
        let copy = await kvFailure(.unsupported) {
            try await store.copyObject(CopyObjectRequest(sourceBucket: "bkt", sourceKey: "source", bucket: "bkt", key: "copy", options: [key: value]))
        }
        #expect(copy?.message.contains("'\(key)'") == true)
        await kvFailure(.notFound) { try await store.headObject(bucket: "bkt", key: "copy") }
    }

    @Test("unknown keys, keys the operation does not take and empty or bad values are invalid, naming the key", arguments: [
        ("colour", "red"), (ObjectOptionKey.ifModifiedSince, "0"), (ObjectOptionKey.cacheControl, ""),
        (ObjectOptionKey.contentDisposition, "bad\r\nheader"), (ObjectOptionKey.contentEncoding, " br"), (ObjectOptionKey.cacheControl, "é"),
        (ObjectOptionKey.ifNoneMatch, "\"abc\""),
    ])
    func invalidOptions(key: String, value: String) async throws {
        let store = try await store()
        let error = await kvFailure(.invalidArgument) { try await put(store, "k", options: [key: value]) }
        #expect(error?.message.contains("'\(key)'") == true, "\(String(describing: error))")
        await kvFailure(.notFound) { try await store.headObject(bucket: "bkt", key: "k") }
    }

    @Test("tags follow S3's rules: key=value pairs, at most 10, unique keys, limited lengths and characters", arguments: [
        "novalue", "a=1&a=2", "=v", "k=%zz", "k=v!", (0..<11).map { "k\($0)=v" }.joined(separator: "&"),
        "k=" + String(repeating: "v", count: 257), String(repeating: "k", count: 129) + "=v", "a=1&&b=2",
    ])
    func badTags(tags: String) async throws {
        let store = try await store()
        let error = await kvFailure(.invalidArgument) { try await put(store, "k", options: [ObjectOptionKey.tags: tags]) }
        #expect(error?.message.contains("'tags'") == true)
        #expect(error?.code == "InvalidTag")
    }

    @Test("ten tags, Unicode letters percent-encoded and S3's punctuation are accepted")
    func goodTags() async throws {
        let store = try await store()
        let ten = (0..<10).map { "k\($0)=v" }.joined(separator: "&")
        #expect(try await put(store, "ten", options: [ObjectOptionKey.tags: ten]).properties["tag_count"] == "10")
        let unicode = "caf%C3%A9=cr%C3%A8me&path=a/b:c@d.e_f-g+h"
        #expect(try await put(store, "u", options: [ObjectOptionKey.tags: unicode]).properties[ObjectOptionKey.tags] == unicode)
    }

    @Test("a copy keeps the source's properties; with any option it gets those instead, keeping type and metadata")
    func copies() async throws {
        let store = try await store()
        _ = try await store.putObject(PutObjectRequest(
            bucket: "bkt", key: "src", body: .bytes(Data("x".utf8)), contentType: "text/plain", metadata: ["owner": "ann"], options: Self.stored))
        let kept = try await store.copyObject(CopyObjectRequest(sourceBucket: "bkt", sourceKey: "src", bucket: "bkt", key: "kept"))
        #expect(kept.properties == Self.stored.merging(["tag_count": "3"]) { $1 })
        let replaced = try await store.copyObject(CopyObjectRequest(
            sourceBucket: "bkt", sourceKey: "src", bucket: "bkt", key: "replaced", options: [ObjectOptionKey.cacheControl: "no-store"]))
        #expect(replaced.properties == [ObjectOptionKey.cacheControl: "no-store"])
        let head = try await store.headObject(bucket: "bkt", key: "replaced")
        #expect(head.properties == [ObjectOptionKey.cacheControl: "no-store"])
        #expect(head.contentType == "text/plain")
        #expect(head.metadata == ["owner": "ann"])
        let onto = try await store.copyObject(CopyObjectRequest(
            sourceBucket: "bkt", sourceKey: "src", bucket: "bkt", key: "src", options: [ObjectOptionKey.tags: "v=2"]))
        #expect(onto.properties == [ObjectOptionKey.tags: "v=2", "tag_count": "1"])
        #expect(try await store.getObject(GetObjectRequest(bucket: "bkt", key: "src")).data == Data("x".utf8))
        await kvFailure(.invalidArgument) { try await store.copyObject(CopyObjectRequest(sourceBucket: "bkt", sourceKey: "src", bucket: "bkt", key: "src")) }
    }

    @Test("a record written before objects had properties still reads, with none; one without properties has no such field")
    func oldRecordsRead() async throws {
        let store = try await store()
        _ = try await put(store, "old", options: [ObjectOptionKey.cacheControl: "no-cache"])
        let recordPath = BucketLayout(root: LocalRoot(path: root.path), bucket: "bkt").recordPath(for: try ObjectKeyPath(key: "old"))
        let current = try #require(try ObjectRecord.read(recordPath))
        #expect(current.properties == [ObjectOptionKey.cacheControl: "no-cache"])
        // The record as the previous version wrote it: no "properties" field.
        let old: [String: Any] = [
            "blob": current.blob, "contentType": "text/plain", "etag": current.etag, "key": "old", "lastModifiedMilliseconds": 1000,
            "metadata": ["a": "1"], "size": 4,
        ]
        try JSONSerialization.data(withJSONObject: old).write(to: URL(fileURLWithPath: recordPath.path))
        let head = try await store.headObject(bucket: "bkt", key: "old")
        #expect(head.properties.isEmpty)
        #expect(head.contentType == "text/plain")
        #expect(head.metadata == ["a": "1"])
        #expect(try await store.getObject(GetObjectRequest(bucket: "bkt", key: "old")).data == Data("body".utf8))
        _ = try await put(store, "plain")
        let plainPath = BucketLayout(root: LocalRoot(path: root.path), bucket: "bkt").recordPath(for: try ObjectKeyPath(key: "plain"))
        let text = try String(contentsOfFile: plainPath.path, encoding: .utf8)
        #expect(!text.contains("properties"), "a record without properties is written as before: \(text)")
    }
}
