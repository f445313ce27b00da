import CloudKit
import CloudKitProviderSupport
import Foundation
import Synchronization
import Testing

/// The fake answers gets and heads of keys starting `now-` on the caller's
/// thread, and counts them; every other key goes the usual way.
extension FakeStorage: ImmediateObjectReads {
    static let immediateAnswers = Mutex<[String: Int]>([:])

    private func answered(_ bucket: String) { Self.immediateAnswers.withLock { $0[bucket, default: 0] += 1 } }

    func getObjectImmediately(_ request: GetObjectRequest) -> Result<GetObjectResult, CloudError>? {
        guard request.key.hasPrefix("now-"), case .memory = request.sink else { return nil }
        answered(request.bucket)
        return Result { () throws(CloudError) in
            let stored = try stored(request.bucket, request.key)
            return GetObjectResult(info: stored.info, data: stored.bytes)
        }
    }

    func headObjectImmediately(bucket: String, key: String) -> Result<ObjectInfo, CloudError>? {
        guard key.hasPrefix("now-") else { return nil }
        answered(bucket)
        return Result { () throws(CloudError) in try stored(bucket, key).info }
    }
}

@Suite("Immediate reads through the provider kit")
struct ImmediateReadTests {
    @Test("an answer given on the caller's thread crosses like a usual one, failures too; without one the call runs as usual")
    func crossing() async throws {
        let cloud = try await Cloud.open(try #require(FakeProvider.library), options: [:])
        let bucket = BridgeTests.bucket("now")
        let info = try await cloud.storage.putObject(PutObjectRequest(bucket: bucket, key: "now-k", body: .bytes(Data("hi".utf8))))
        _ = try await cloud.storage.putObject(PutObjectRequest(bucket: bucket, key: "later", body: .bytes(Data("yo".utf8))))
        let got = try await cloud.storage.getObject(GetObjectRequest(bucket: bucket, key: "now-k"))
        #expect(got.data == Data("hi".utf8) && got.info == info)
        #expect(try await cloud.storage.headObject(bucket: bucket, key: "now-k") == info)
        let missing = await #expect(throws: CloudError.self) {
            _ = try await cloud.storage.getObject(GetObjectRequest(bucket: bucket, key: "now-missing"))
        }
        #expect(missing?.code == "NoSuchKey" && missing?.httpStatus == 404)
        #expect(FakeStorage.immediateAnswers.withLock { $0[bucket] } == 3)
        let later = try await cloud.storage.getObject(GetObjectRequest(bucket: bucket, key: "later"))
        #expect(later.data == Data("yo".utf8))
        #expect(FakeStorage.immediateAnswers.withLock { $0[bucket] } == 3)
        #expect(cloud.strayCompletions == 0)
        await cloud.close()
    }
}
