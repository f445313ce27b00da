import CloudKit
import Foundation

/// Objects: what a put stores, a get and head return, ranges, overwrite, delete and copy.
enum StorageObjectCases {
    static let all = [roundTrip, emptyObject, overwrite, ranges, delete, copy]

    static let roundTrip = ConformanceCase(
        .storage, "round-trip", "put then get returns the same bytes, content type and metadata; head agrees",
        needs: .on(.storage, "create_bucket", "put_object", "get_object", "head_object")
    ) { context in
        let storage = context.cloud.storage
        let bucket = try await context.bucket("roundtrip")
        let body = Data((0..<5000).map { UInt8($0 % 251) })
        let put = try await storage.putObject(PutObjectRequest(
            bucket: bucket, key: "data/blob.bin", body: .bytes(body), contentType: "application/x-test",
            metadata: ["Owner": "alice", "purpose": "conformance"]))
        try expect(put.etag?.isEmpty == false, "put returned no ETag")
        let got = try await storage.getObject(GetObjectRequest(bucket: bucket, key: "data/blob.bin"))
        try expect(got.data == body, "get returned other bytes than were put")
        try expectEqual(got.info.contentType, "application/x-test", "content type")
        try expectEqual(got.info.metadata, ["owner": "alice", "purpose": "conformance"], "metadata")
        try expectEqual(got.info.size, 5000, "size")
        let head = try await storage.headObject(bucket: bucket, key: "data/blob.bin")
        try expectEqual(head.size, 5000, "head size")
        try expectEqual(head.etag, put.etag, "head ETag")
        try expectEqual(head.contentType, "application/x-test", "head content type")
        try expectEqual(head.metadata["owner"], "alice", "head metadata owner")
        let modified = try require(head.lastModified, "head last modified")
        try expect(abs(modified.timeIntervalSinceNow) < 300, "last modified \(modified) is not within 5 minutes of now")
    }

    static let emptyObject = ConformanceCase(
        .storage, "empty-object", "an empty object round-trips",
        needs: .on(.storage, "create_bucket", "put_object", "get_object")
    ) { context in
        let bucket = try await context.bucket("empty")
        _ = try await context.cloud.storage.putObject(PutObjectRequest(bucket: bucket, key: "empty", body: .bytes(Data())))
        let got = try await context.cloud.storage.getObject(GetObjectRequest(bucket: bucket, key: "empty"))
        try expectEqual(got.data, Data(), "body")
        try expectEqual(got.info.size, 0, "size")
    }

    static let overwrite = ConformanceCase(
        .storage, "overwrite", "a second put replaces the object whole, metadata included",
        needs: .on(.storage, "create_bucket", "put_object", "get_object")
    ) { context in
        let storage = context.cloud.storage
        let bucket = try await context.bucket("overwrite")
        _ = try await storage.putObject(PutObjectRequest(bucket: bucket, key: "k", body: .bytes(Data("first version".utf8)), metadata: ["v": "1"]))
        _ = try await storage.putObject(PutObjectRequest(bucket: bucket, key: "k", body: .bytes(Data("2".utf8))))
        let got = try await storage.getObject(GetObjectRequest(bucket: bucket, key: "k"))
        try expectEqual(got.data.map { String(decoding: $0, as: UTF8.self) }, "2", "body after the second put")
        try expectEqual(got.info.metadata, [:], "metadata after a put without any")
    }

    static let ranges = ConformanceCase(
        .storage, "ranges", "byte ranges read inclusive slices and open ends; the size is the whole object's",
        needs: .on(.storage, "create_bucket", "put_object", "get_object")
    ) { context in
        let storage = context.cloud.storage
        let bucket = try await context.bucket("range")
        _ = try await storage.putObject(PutObjectRequest(bucket: bucket, key: "abc", body: .bytes(Data("abcdefghij".utf8))))
        let middle = try await storage.getObject(GetObjectRequest(bucket: bucket, key: "abc", range: ByteRange(start: 2, end: 5)))
        try expectEqual(middle.data.map { String(decoding: $0, as: UTF8.self) }, "cdef", "bytes 2-5 of abcdefghij")
        try expectEqual(middle.info.size, 10, "size of a ranged get")
        let tail = try await storage.getObject(GetObjectRequest(bucket: bucket, key: "abc", range: ByteRange(start: 7)))
        try expectEqual(tail.data.map { String(decoding: $0, as: UTF8.self) }, "hij", "bytes 7- of abcdefghij")
    }

    static let delete = ConformanceCase(
        .storage, "delete", "delete removes the object; deleting a missing key succeeds, as on S3",
        needs: .on(.storage, "create_bucket", "put_object", "head_object", "delete_object")
    ) { context in
        let storage = context.cloud.storage
        let bucket = try await context.bucket("delete")
        _ = try await storage.putObject(PutObjectRequest(bucket: bucket, key: "gone", body: .bytes(Data("x".utf8))))
        try await storage.deleteObject(bucket: bucket, key: "gone")
        try await expectError(.notFound, "head after delete") { try await storage.headObject(bucket: bucket, key: "gone") }
        try await storage.deleteObject(bucket: bucket, key: "never-existed")
    }

    static let copy = ConformanceCase(
        .storage, "copy", "copy carries bytes, content type and metadata; copying a missing key is not found",
        needs: .on(.storage, "create_bucket", "put_object", "get_object", "copy_object")
    ) { context in
        let storage = context.cloud.storage
        let bucket = try await context.bucket("copy")
        let target = try await context.bucket("copy-dst")
        _ = try await storage.putObject(PutObjectRequest(
            bucket: bucket, key: "src key", body: .bytes(Data("copied bytes".utf8)), contentType: "text/plain", metadata: ["m": "1"]))
        let copied = try await storage.copyObject(CopyObjectRequest(sourceBucket: bucket, sourceKey: "src key", bucket: target, key: "dst/ключ"))
        try expect(copied.etag?.isEmpty == false, "copy returned no ETag")
        let got = try await storage.getObject(GetObjectRequest(bucket: target, key: "dst/ключ"))
        try expectEqual(got.data.map { String(decoding: $0, as: UTF8.self) }, "copied bytes", "copied body")
        try expectEqual(got.info.contentType, "text/plain", "copied content type")
        try expectEqual(got.info.metadata, ["m": "1"], "copied metadata")
        try await expectError(.notFound, "copy of a missing key") {
            try await storage.copyObject(CopyObjectRequest(sourceBucket: bucket, sourceKey: "absent", bucket: target, key: "x"))
        }
    }
}
