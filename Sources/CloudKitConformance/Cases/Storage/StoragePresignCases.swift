import CloudKit
import Foundation

/// Presigned URLs: whoever holds one can read or write the object without credentials.
enum StoragePresignCases {
    static let all = [presignedGet, presignedPut]

    static let presignedGet = ConformanceCase(
        .storage, "presigned-get", "a presigned GET URL returns the object's bytes; an expiry of 0 is invalid argument",
        needs: .on(.storage, "create_bucket", "put_object", "presign")
    ) { context in
        let storage = context.cloud.storage
        let bucket = try await context.bucket("presign")
        _ = try await storage.putObject(PutObjectRequest(bucket: bucket, key: "shared file.txt", body: .bytes(Data("presigned".utf8))))
        let url = try await storage.presign(PresignRequest(bucket: bucket, key: "shared file.txt", method: .get, expiresSeconds: 600))
        let fetched = try await URLTransfer.get(try require(URL(string: url), "a URL in \(url)"))
        try expectEqual(String(decoding: fetched, as: UTF8.self), "presigned", "bytes at the presigned URL")
        try await expectError(.invalidArgument, "presign with an expiry of 0 s") {
            try await storage.presign(PresignRequest(bucket: bucket, key: "k", expiresSeconds: 0))
        }
    }

    static let presignedPut = ConformanceCase(
        .storage, "presigned-put", "a presigned PUT URL lets its holder upload the object",
        needs: .on(.storage, "create_bucket", "get_object", "presign")
    ) { context in
        let storage = context.cloud.storage
        let bucket = try await context.bucket("presignput")
        let url = try await storage.presign(PresignRequest(bucket: bucket, key: "uploaded/by url.bin", method: .put, expiresSeconds: 600))
        let bytes = Data("uploaded through a presigned URL".utf8)
        try await URLTransfer.put(try require(URL(string: url), "a URL in \(url)"), bytes)
        let got = try await storage.getObject(GetObjectRequest(bucket: bucket, key: "uploaded/by url.bin"))
        try expect(got.data == bytes, "the object differs from what was uploaded through the URL")
    }
}
