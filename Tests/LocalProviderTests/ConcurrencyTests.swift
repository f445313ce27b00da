import CloudKitModel
import Foundation
@testable import LocalProvider
import CloudKitTestSupport
import XCTest

/// Many writers at once — threads of one store, and separate stores on one
/// root standing in for separate processes — never leave a torn object or litter.
final class ConcurrencyTests: LocalStoreTestCase {
    func testConcurrentPutsOfOneKeyLeaveOneWholeObjectAndNoLitter() async throws {
        let store = try await makeStore(bucket: "race")
        let other = try makeStore()  // a second "process" on the same root
        let bodies = (0..<20).map { index in Data(repeating: UInt8(index), count: 300_000 + index) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (index, body) in bodies.enumerated() {
                let writer = index.isMultiple(of: 2) ? store : other
                group.addTask { _ = try await writer.putObject(PutObjectRequest(bucket: "race", key: "dir/same", body: .bytes(body))) }
            }
            try await group.waitForAll()
        }
        let got = try await store.getObject(GetObjectRequest(bucket: "race", key: "dir/same"))
        let data = try XCTUnwrap(got.data)
        XCTAssertTrue(bodies.contains(data), "the object is one of the bodies, whole")
        XCTAssertEqual(got.info.size, Int64(data.count))
        XCTAssertEqual(files(under: "\(rootPath)/storage/race/tmp"), [])
        let blobs = files(under: "\(rootPath)/storage/race/objects").filter { $0.hasSuffix(".object") }
        XCTAssertEqual(blobs.count, 1, "every replaced blob is removed: \(blobs)")
    }

    func testReadersNeverSeeATornObjectWhileWritersReplaceIt() async throws {
        let store = try await makeStore(bucket: "torn")
        let bodies = (0..<4).map { index in Data(repeating: UInt8(index + 1), count: 1_500_000) }
        _ = try await store.putObject(PutObjectRequest(bucket: "torn", key: "k", body: .bytes(bodies[0])))
        let bad = LockedCounter()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for round in 0..<12 {
                group.addTask { _ = try await store.putObject(PutObjectRequest(bucket: "torn", key: "k", body: .bytes(bodies[round % 4]))) }
                group.addTask {
                    let got = try await store.getObject(GetObjectRequest(bucket: "torn", key: "k"))
                    if let data = got.data, !bodies.contains(data) || got.info.size != Int64(data.count) { bad.advance(by: 1) }
                }
            }
            try await group.waitForAll()
        }
        XCTAssertEqual(bad.value, 0)
    }

    func testConcurrentPutsAndDeletesInNestedFoldersStayConsistent() async throws {
        let store = try await makeStore(bucket: "churn")
        let other = try makeStore()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for worker in 0..<8 {
                let client = worker.isMultiple(of: 2) ? store : other
                group.addTask {
                    for round in 0..<15 {
                        let key = "shared/\(round % 3)/item\(worker)"
                        _ = try await client.putObject(PutObjectRequest(bucket: "churn", key: key, body: .bytes(Data(key.utf8))))
                        if round % 2 == 0 { try await client.deleteObject(bucket: "churn", key: key) }
                    }
                }
            }
            try await group.waitForAll()
        }
        let listing = try await store.listObjects(ListObjectsRequest(bucket: "churn"))
        for object in listing.objects {
            let actual1 = try await text(store, "churn", object.key)
            XCTAssertEqual(actual1, object.key)
        }
        // Workers end on round 14 (deleted) and 13 (kept): item keys of round 13 remain.
        XCTAssertEqual(Set(listing.objects.map(\.key)), Set((0..<8).map { "shared/1/item\($0)" }))
        for object in listing.objects { try await store.deleteObject(bucket: "churn", key: object.key) }
        XCTAssertEqual(folders(under: "\(rootPath)/storage/churn/objects"), [])
        try await store.deleteBucket("churn")
    }

    func testDeleteBucketNeverLosesAConcurrentPut() async throws {
        let store = try makeStore()
        for attempt in 0..<10 {
            let bucket = "racing-\(attempt)"
            try await store.createBucket(bucket)
            async let deleted: CloudErrorKind? = {
                do {
                    try await store.deleteBucket(bucket)
                    return nil
                } catch {
                    return (error as? CloudError)?.kind ?? .internal
                }
            }()
            async let stored: CloudErrorKind? = {
                do {
                    _ = try await store.putObject(PutObjectRequest(bucket: bucket, key: "k", body: .bytes(Data("x".utf8))))
                    return nil
                } catch {
                    return (error as? CloudError)?.kind ?? .internal
                }
            }()
            let (deleteOutcome, putOutcome) = await (deleted, stored)
            if putOutcome == nil {
                // The put won: the delete must have found the bucket not empty, and the object is there.
                XCTAssertEqual(deleteOutcome, .preconditionFailed)
                let actual2 = try await text(store, bucket, "k")
                XCTAssertEqual(actual2, "x")
            } else {
                XCTAssertEqual(putOutcome, .notFound)
                XCTAssertNil(deleteOutcome)
            }
        }
    }
}
