import CloudKit
import Foundation

/// Storage failures and their stable kinds: missing keys and buckets, a bucket's lifecycle, invalid input.
enum StorageErrorCases {
    static let all = [notFound, bucketLifecycle, invalidInput]

    static let notFound = ConformanceCase(
        .storage, "not-found", "missing keys and buckets are the not-found kind; a missing key's code is NoSuchKey",
        needs: .on(.storage, "create_bucket", "get_object", "head_object", "list_objects", "delete_bucket")
    ) { context in
        let storage = context.cloud.storage
        let bucket = try await context.bucket("missing")
        try await expectError(.notFound, "get of a missing key") { try await storage.getObject(GetObjectRequest(bucket: bucket, key: "nope")) }
        try await expectError(.notFound, "head of a missing key") { try await storage.headObject(bucket: bucket, key: "nope") }
        let other = context.name("absent")
        try await expectError(.notFound, "get from a missing bucket") { try await storage.getObject(GetObjectRequest(bucket: other, key: "k")) }
        try await expectError(.notFound, "list of a missing bucket") { try await storage.listObjects(ListObjectsRequest(bucket: other)) }
        try await expectError(.notFound, "delete of a missing bucket") { try await storage.deleteBucket(other) }
        let missing = try await expectError(.notFound, "get of a missing key") {
            try await storage.getObject(GetObjectRequest(bucket: bucket, key: "nope"))
        }
        try expectEqual(missing.code, "NoSuchKey", "code of a missing key")
    }

    static let bucketLifecycle = ConformanceCase(
        .storage, "bucket-lifecycle",
        "creating a bucket twice is already-exists, deleting a non-empty one is precondition failed, an empty one goes",
        needs: .on(.storage, "create_bucket", "put_object", "delete_object", "delete_bucket", "list_objects")
    ) { context in
        let storage = context.cloud.storage
        let bucket = try await context.bucket("life")
        try await expectError(.alreadyExists, "second create of a bucket") { try await storage.createBucket(bucket) }
        _ = try await storage.putObject(PutObjectRequest(bucket: bucket, key: "k", body: .bytes(Data("x".utf8))))
        try await expectError(.preconditionFailed, "delete of a non-empty bucket") { try await storage.deleteBucket(bucket) }
        try await storage.deleteObject(bucket: bucket, key: "k")
        try await storage.deleteBucket(bucket)
        try await expectError(.notFound, "list of a deleted bucket") { try await storage.listObjects(ListObjectsRequest(bucket: bucket)) }
    }

    static let invalidInput = ConformanceCase(
        .storage, "invalid-input", "an empty key, a key over 1024 bytes and a bad bucket name are invalid arguments and change nothing",
        needs: .on(.storage, "create_bucket", "put_object", "list_objects")
    ) { context in
        let storage = context.cloud.storage
        let bucket = try await context.bucket("invalid")
        try await expectError(.invalidArgument, "put with an empty key") {
            try await storage.putObject(PutObjectRequest(bucket: bucket, key: "", body: .bytes(Data("x".utf8))))
        }
        try await expectError(.invalidArgument, "put with a 1025-byte key") {
            try await storage.putObject(PutObjectRequest(bucket: bucket, key: String(repeating: "k", count: 1025), body: .bytes(Data())))
        }
        try await expectError(.invalidArgument, "create of bucket Not_A_Valid_Bucket!") { try await storage.createBucket("Not_A_Valid_Bucket!") }
        try expectEqual(try await storage.listObjects(ListObjectsRequest(bucket: bucket)).objects.map(\.key), [], "keys after refused puts")
    }
}
