import CloudKit
import Foundation

/// What is stored with an object besides its bytes, and conditional writes and reads.
enum StorageOptionCases {
    static let all = [storedOptions, conditionalPut, metadataRules]

    static let storedOptions = ConformanceCase(
        .storage, "stored-options", "cache_control, content_encoding, content_disposition and tags come back from head",
        needs: .on(.storage, "create_bucket", "put_object", "head_object")
            .option(.storage, "put_object", ObjectOptionKey.cacheControl, ObjectOptionKey.contentEncoding, ObjectOptionKey.contentDisposition,
                    ObjectOptionKey.tags)
    ) { context in
        let storage = context.cloud.storage
        let bucket = try await context.bucket("opts")
        let options = [
            "cache_control": "max-age=60", "content_encoding": "br", "content_disposition": "attachment; filename=\"a.txt\"",
            "tags": "team=core&tier=1",
        ]
        _ = try await storage.putObject(PutObjectRequest(bucket: bucket, key: "k", body: .bytes(Data("x".utf8)), options: options))
        let head = try await storage.headObject(bucket: bucket, key: "k")
        try expectEqual(head.properties["cache_control"], "max-age=60", "cache_control")
        try expectEqual(head.properties["content_encoding"], "br", "content_encoding")
        try expectEqual(head.properties["content_disposition"], "attachment; filename=\"a.txt\"", "content_disposition")
        try expectEqual(head.properties["tag_count"], "2", "tag_count")
    }

    static let conditionalPut = ConformanceCase(
        .storage, "conditional-put", "if-absent and if-match puts, and an if-match get: a failed condition is precondition failed and changes nothing",
        needs: .on(.storage, "create_bucket", "put_object", "get_object")
            .option(.storage, "put_object", ObjectOptionKey.ifMatch, ObjectOptionKey.ifNoneMatch)
            .option(.storage, "get_object", ObjectOptionKey.ifMatch)
    ) { context in
        let storage = context.cloud.storage
        let bucket = try await context.bucket("cond")
        @Sendable func put(_ text: String, _ condition: ObjectWriteCondition?) async throws -> ObjectInfo {
            try await storage.putObject(PutObjectRequest(bucket: bucket, key: "k", body: .bytes(Data(text.utf8)), condition: condition))
        }
        @Sendable func body() async throws -> String {
            String(decoding: try await storage.getObject(GetObjectRequest(bucket: bucket, key: "k")).data ?? Data(), as: UTF8.self)
        }
        let first = try await put("one", .ifAbsent)
        try await expectError(.preconditionFailed, "put if absent over an existing object") { try await put("two", .ifAbsent) }
        try expectEqual(try await body(), "one", "body after a refused put")
        try await expectError(.preconditionFailed, "put if match with a stale ETag") {
            try await put("three", .ifMatch("\"0123456789abcdef0123456789abcdef\""))
        }
        try expectEqual(try await body(), "one", "body after a refused put")
        let etag = try require(first.etag, "ETag of the first put")
        _ = try await put("four", .ifMatch(etag))
        try expectEqual(try await body(), "four", "body after a put if match with the current ETag")
        try await expectError(.preconditionFailed, "get if match with a replaced version's ETag") {
            try await storage.getObject(GetObjectRequest(bucket: bucket, key: "k", options: [ObjectOptionKey.ifMatch: etag]))
        }
    }

    static let metadataRules = ConformanceCase(
        .storage, "metadata-rules",
        "metadata keys come back lower-case; a key that is no header name, a value with a line break, or keys equal but for case are invalid",
        needs: .on(.storage, "create_bucket", "put_object", "head_object")
    ) { context in
        let storage = context.cloud.storage
        let bucket = try await context.bucket("meta")
        let info = try await storage.putObject(PutObjectRequest(bucket: bucket, key: "k", body: .bytes(Data()), metadata: ["Owner-Name": "Ann"]))
        try expectEqual(info.metadata, ["owner-name": "Ann"], "metadata the put returned")
        try expectEqual(try await storage.headObject(bucket: bucket, key: "k").metadata, ["owner-name": "Ann"], "metadata head returned")
        for bad in [["bad key": "x"], ["a": "line\nbreak"], ["A": "1", "a": "2"]] {
            try await expectError(.invalidArgument, "put with metadata \(bad)") {
                try await storage.putObject(PutObjectRequest(bucket: bucket, key: "k2", body: .bytes(Data()), metadata: bad))
            }
        }
    }
}
