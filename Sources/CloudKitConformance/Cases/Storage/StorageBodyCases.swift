import CloudKit
import Foundation

/// Bodies that do not sit in memory: files in and out, streams through callbacks.
enum StorageBodyCases {
    static let all = [fileBodies, streamBodies]

    static let fileBodies = ConformanceCase(
        .storage, "file-bodies", "a file body is uploaded whole and a file sink written whole; a failed get leaves no file",
        needs: .on(.storage, "create_bucket", "put_object", "get_object")
    ) { context in
        let storage = context.cloud.storage
        let bucket = try await context.bucket("files")
        let folder = try context.temporaryFolder()
        let source = "\(folder)/in.bin"
        let bytes = Data((0..<(3 * 1024 * 1024 + 17)).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        try bytes.write(to: URL(fileURLWithPath: source))
        let put = try await storage.putObject(PutObjectRequest(bucket: bucket, key: "big", body: .file(path: source)))
        try expectEqual(put.size, Int64(bytes.count), "size of the uploaded file")
        let target = "\(folder)/out.bin"
        let got = try await storage.getObject(GetObjectRequest(bucket: bucket, key: "big", sink: .file(path: target)))
        try expect(got.data == nil, "a get into a file also returned the bytes in memory")
        try expect(try Data(contentsOf: URL(fileURLWithPath: target)) == bytes, "the downloaded file differs from the uploaded one")
        let missingTarget = "\(folder)/missing.bin"
        try await expectError(.notFound, "get of a missing key into a file") {
            try await storage.getObject(GetObjectRequest(bucket: bucket, key: "absent", sink: .file(path: missingTarget)))
        }
        try expect(!FileManager.default.fileExists(atPath: missingTarget), "a failed get left a file behind")
    }

    static let streamBodies = ConformanceCase(
        .storage, "stream-bodies", "stream bodies and stream sinks move every byte through the callbacks",
        needs: .on(.storage, "create_bucket", "put_object", "get_object")
    ) { context in
        let storage = context.cloud.storage
        let bucket = try await context.bucket("streams")
        let bytes = Data((0..<(1024 * 1024 + 5)).map { UInt8(truncatingIfNeeded: $0 &* 7) })
        _ = try await storage.putObject(PutObjectRequest(
            bucket: bucket, key: "streamed", body: .stream(length: Int64(bytes.count), reader: BodyReader.over(bytes))))
        let collected = Locked(Data())
        _ = try await storage.getObject(GetObjectRequest(
            bucket: bucket, key: "streamed", sink: .stream(BodyWriter { chunk in collected.withLock { $0.append(contentsOf: chunk) } })))
        try expect(collected.withLock { $0 } == bytes, "the streamed-out bytes differ from the streamed-in ones")
    }
}
