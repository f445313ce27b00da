import CloudKit
import Foundation
import Testing

/// Object options and conditional writes through the ABI, on every provider:
/// what put stores, head reads back; a failed condition is `precondition
/// failed` and changes nothing.
@Suite("Object options and conditions conformance")
struct ObjectOptionsConformanceTests {
    @Test("cache_control, content_encoding, content_disposition and tags come back from head", arguments: ProviderFixture.storageProviders)
    func storedOptions(provider: String) async throws {
        let cloud = try await ProviderFixture.open(provider)
        let bucket = ProviderFixture.uniqueBucket("opts")
        try await cloud.storage.createBucket(bucket)
        let options = [
            "cache_control": "max-age=60", "content_encoding": "br", "content_disposition": "attachment; filename=\"a.txt\"",
            "tags": "team=core&tier=1",
        ]
        _ = try await cloud.storage.putObject(PutObjectRequest(bucket: bucket, key: "k", body: .bytes(Data("x".utf8)), options: options))
        let head = try await cloud.storage.headObject(bucket: bucket, key: "k")
        #expect(head.properties["cache_control"] == "max-age=60")
        #expect(head.properties["content_encoding"] == "br")
        #expect(head.properties["content_disposition"] == "attachment; filename=\"a.txt\"")
        #expect(head.properties["tag_count"] == "2")
        try await cloud.storage.deleteObject(bucket: bucket, key: "k")
        try await cloud.storage.deleteBucket(bucket)
        await cloud.close()
    }

    @Test("if-absent and if-match: a failed condition is precondition failed and the object is unchanged", arguments: ProviderFixture.storageProviders)
    func conditionalPut(provider: String) async throws {
        let cloud = try await ProviderFixture.open(provider)
        let bucket = ProviderFixture.uniqueBucket("cond")
        try await cloud.storage.createBucket(bucket)
        func put(_ text: String, _ condition: ObjectWriteCondition?) async throws(CloudError) -> ObjectInfo {
            try await cloud.storage.putObject(PutObjectRequest(bucket: bucket, key: "k", body: .bytes(Data(text.utf8)), condition: condition))
        }
        func body() async throws -> String {
            String(decoding: try await cloud.storage.getObject(GetObjectRequest(bucket: bucket, key: "k")).data ?? Data(), as: UTF8.self)
        }
        let first = try await put("one", .ifAbsent)
        let again = await #expect(throws: CloudError.self) { _ = try await put("two", .ifAbsent) }
        #expect(again?.kind == .preconditionFailed)
        #expect(try await body() == "one")
        let stale = await #expect(throws: CloudError.self) { _ = try await put("three", .ifMatch("\"0123456789abcdef0123456789abcdef\"")) }
        #expect(stale?.kind == .preconditionFailed)
        #expect(try await body() == "one")
        _ = try await put("four", .ifMatch(try #require(first.etag)))
        #expect(try await body() == "four")
        let stillMatching = await #expect(throws: CloudError.self) {
            _ = try await cloud.storage.getObject(GetObjectRequest(bucket: bucket, key: "k", options: ["if_match": try #require(first.etag)]))
        }
        #expect(stillMatching?.kind == .preconditionFailed)
        try await cloud.storage.deleteObject(bucket: bucket, key: "k")
        try await cloud.storage.deleteBucket(bucket)
        await cloud.close()
    }
}

/// Metadata rules, the same on every provider (one implementation in the model).
@Suite("Object metadata conformance")
struct ObjectMetadataConformanceTests {
    @Test("metadata keys come back lower-case; a key that is no header name, or keys equal but for case, are invalid", arguments: ProviderFixture.storageProviders)
    func metadataRules(provider: String) async throws {
        let cloud = try await ProviderFixture.open(provider)
        let bucket = ProviderFixture.uniqueBucket("meta")
        try await cloud.storage.createBucket(bucket)
        let info = try await cloud.storage.putObject(PutObjectRequest(bucket: bucket, key: "k", body: .bytes(Data()), metadata: ["Owner-Name": "Ann"]))
        #expect(info.metadata == ["owner-name": "Ann"])
        #expect(try await cloud.storage.headObject(bucket: bucket, key: "k").metadata == ["owner-name": "Ann"])
        for bad in [["bad key": "x"], ["a": "line\nbreak"]] {
            let error = await #expect(throws: CloudError.self) {
                _ = try await cloud.storage.putObject(PutObjectRequest(bucket: bucket, key: "k2", body: .bytes(Data()), metadata: bad))
            }
            #expect(error?.kind == .invalidArgument, "\(bad)")
        }
        let twice = await #expect(throws: CloudError.self) {
            _ = try await cloud.storage.putObject(PutObjectRequest(bucket: bucket, key: "k2", body: .bytes(Data()), metadata: ["A": "1", "a": "2"]))
        }
        #expect(twice?.kind == .invalidArgument)
        try await cloud.storage.deleteObject(bucket: bucket, key: "k")
        try await cloud.storage.deleteBucket(bucket)
        await cloud.close()
    }
}
