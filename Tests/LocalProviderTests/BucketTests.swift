import CloudKitModel
import Foundation
@testable import LocalProvider
import XCTest

/// Buckets: S3 naming rules, create/delete semantics and error codes.
final class BucketTests: LocalStoreTestCase {
    func testValidS3BucketNamesAreAccepted() async throws {
        let store = try makeStore()
        for name in ["abc", "my-bucket.data", "a1b", "1bucket", "bucket9", String(repeating: "a", count: 63), "192.168.1.1a"] {
            try await store.createBucket(name)
            XCTAssertTrue(FileManager.default.fileExists(atPath: "\(rootPath)/storage/\(name)/objects"), name)
        }
    }

    func testInvalidBucketNamesAreInvalidArgument() async throws {
        let store = try makeStore()
        let names = [
            "ab", String(repeating: "a", count: 64), "Abc", "under_score", "-start", "end-", ".start", "end.", "a..b", "192.168.1.1",
            "sp ace", "ünï", "", "a/b", "..",
        ]
        for name in names {
            await assertFails(.invalidArgument, code: "InvalidBucketName", name) { () async throws(CloudError) in try await store.createBucket(name) }
            await assertFails(.invalidArgument, name) { () async throws(CloudError) in
                try await store.putObject(PutObjectRequest(bucket: name, key: "k", body: .bytes(Data())))
            }
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: "\(rootPath)/storage"), [])
    }

    func testCreatingAnExistingBucketIsAlreadyExists() async throws {
        let store = try await makeStore(bucket: "twice")
        await assertFails(.alreadyExists, code: "BucketAlreadyOwnedByYou") { () async throws(CloudError) in try await store.createBucket("twice") }
    }

    func testConcurrentCreatesOfOneBucketHaveExactlyOneWinner() async throws {
        let store = try makeStore()
        let outcomes = await withTaskGroup(of: CloudErrorKind?.self) { group in
            for _ in 0..<10 {
                group.addTask {
                    do {
                        try await store.createBucket("contested")
                        return nil
                    } catch {
                        return (error as? CloudError)?.kind ?? .internal
                    }
                }
            }
            var outcomes: [CloudErrorKind?] = []
            for await outcome in group { outcomes.append(outcome) }
            return outcomes
        }
        XCTAssertEqual(outcomes.filter { $0 == nil }.count, 1)
        XCTAssertEqual(outcomes.filter { $0 == .alreadyExists }.count, 9)
    }

    func testDeletingANonEmptyBucketIsBucketNotEmpty() async throws {
        let store = try await makeStore(bucket: "full")
        try await put(store, "full", "deep/down/key")
        await assertFails(.preconditionFailed, code: "BucketNotEmpty") { () async throws(CloudError) in try await store.deleteBucket("full") }
        let actual1 = try await text(store, "full", "deep/down/key")
        XCTAssertEqual(actual1, "x")
    }

    func testDeletingAnEmptiedBucketWorksAndTheNameIsFreeAgain() async throws {
        let store = try await makeStore(bucket: "cycle")
        try await put(store, "cycle", "a/b/c")
        try await store.deleteObject(bucket: "cycle", key: "a/b/c")
        try await store.deleteBucket("cycle")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: "\(rootPath)/storage"), [])
        await assertFails(.notFound, code: "NoSuchBucket") { () async throws(CloudError) in
            try await store.listObjects(ListObjectsRequest(bucket: "cycle"))
        }
        try await store.createBucket("cycle")
        let listing = try await store.listObjects(ListObjectsRequest(bucket: "cycle"))
        XCTAssertTrue(listing.objects.isEmpty)
    }

    func testEveryOperationOnAMissingBucketIsNoSuchBucket() async throws {
        let store = try makeStore()
        let bucket = "absent"
        await assertFails(.notFound, code: "NoSuchBucket") { () async throws(CloudError) in try await store.deleteBucket(bucket) }
        await assertFails(.notFound, code: "NoSuchBucket") { () async throws(CloudError) in try await self.put(store, bucket, "k") }
        await assertFails(.notFound, code: "NoSuchBucket") { () async throws(CloudError) in
            try await store.getObject(GetObjectRequest(bucket: bucket, key: "k"))
        }
        await assertFails(.notFound, code: "NoSuchBucket") { () async throws(CloudError) in try await store.headObject(bucket: bucket, key: "k") }
        await assertFails(.notFound, code: "NoSuchBucket") { () async throws(CloudError) in try await store.deleteObject(bucket: bucket, key: "k") }
        await assertFails(.notFound, code: "NoSuchBucket") { () async throws(CloudError) in
            try await store.listObjects(ListObjectsRequest(bucket: bucket))
        }
        await assertFails(.notFound, code: "NoSuchBucket") { () async throws(CloudError) in
            try await store.presign(PresignRequest(bucket: bucket, key: "k", method: .put))
        }
    }
}
