import CloudKit
import Foundation

/// Puts whose body length is not known in advance (`.stream(length: nil, …)`,
/// ABI 1.4 `CK_CONTENT_LENGTH_UNKNOWN`): a provider of 1.4 or later takes
/// them as they come, and for an older one the host spools them first, so
/// every provider must store them whole — and store nothing when the
/// reader fails partway.
enum StorageUnknownLengthCases {
    static let all = [storedWhole, failingReader]

    /// `count` bytes of a pattern in which a byte out of place shows.
    static func pattern(_ count: Int) -> Data { Data((0..<count).map { UInt8(truncatingIfNeeded: ($0 &* 31) ^ ($0 >> 11)) }) }

    static let storedWhole = ConformanceCase(
        .storage, "unknown-length",
        "a stream of unknown length, empty, small or past a multipart part, is stored whole with its type and metadata; progress reports total -1",
        needs: .on(.storage, "create_bucket", "put_object", "get_object")
    ) { context in
        let storage = context.cloud.storage
        let bucket = try await context.bucket("unknown")
        for (key, size) in [("small", 1000), ("empty", 0), ("large", (9 << 20) + 77)] {
            let data = pattern(size)
            let unknownTotals = Locked(0)
            let info = try await storage.putObject(PutObjectRequest(
                bucket: bucket, key: key, body: .stream(length: nil, reader: .over(data, chunk: 65_000)), contentType: "application/x-test",
                metadata: ["origin": "pipe"], progress: { _, total in if total == -1 { unknownTotals.withLock { $0 += 1 } } }))
            try expectEqual(info.size, Int64(size), "size of \(key) as the put reports it")
            let got = try await storage.getObject(GetObjectRequest(bucket: bucket, key: key))
            try expect(got.data == data, "\(key) came back different from what the reader gave")
            try expectEqual(got.info.contentType, "application/x-test", "content type of \(key)")
            try expectEqual(got.info.metadata, ["origin": "pipe"], "metadata of \(key)")
            if size > 8 << 20 {
                try expect(unknownTotals.withLock { $0 } > 0, "\(key): no progress report said the total is unknown (-1)")
            }
        }
    }

    static let failingReader = ConformanceCase(
        .storage, "unknown-length-failure", "a stream of unknown length whose reader fails partway is cancelled, stores nothing and leaves the old object",
        needs: .on(.storage, "create_bucket", "put_object", "get_object")
    ) { context in
        let storage = context.cloud.storage
        let bucket = try await context.bucket("unknownfail")
        _ = try await storage.putObject(PutObjectRequest(bucket: bucket, key: "kept", body: .bytes(Data("old".utf8))))
        try await expectError(.cancelled, "a put whose reader fails after 17 MiB") {
            try await storage.putObject(PutObjectRequest(bucket: bucket, key: "kept", body: .stream(length: nil, reader: .failing(after: 17 << 20))))
        }
        let got = try await storage.getObject(GetObjectRequest(bucket: bucket, key: "kept"))
        try expect(got.data == Data("old".utf8), "the failed put changed the object that was there")
    }
}
