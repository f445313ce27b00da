import CCloudKitABI
import CloudKit
import Foundation
import Testing

/// The fake provider with one rule broken: `delete_object` completes every
/// call twice, at once, before it returns (ABI rule 5 says exactly once).
enum DoubleCompletingProvider {
    static let library: ProviderLibrary? = try? ProviderLibrary.linked(initialize, label: "double-completing (linked)")

    /// The fake's table, its storage table copied with `delete_object` replaced.
    private static let initialize: ck_provider_init_fn = { host in FakeProvider.tables(host, deleteObject: completeTwice) }

    private static let completeTwice: FakeProvider.DeleteObjectEntry = {
        _, _, _, done, userData in
        var status = ck_status()
        status.struct_size = MemoryLayout<ck_status>.size
        status.kind = Int32(CK_OK.rawValue)
        withUnsafePointer(to: status) { ok in
            done?(userData, ok)
            done?(userData, ok)
        }
    }
}

/// ABI rule 5 broken by a provider: the host keeps the first completion,
/// ignores and counts the others, and never crashes.
@Suite("Stray completions")
struct StrayCompletionTests {
    @Test("a call completed twice returns once; the second completion is counted against its client, which keeps working")
    func doubleCompletion() async throws {
        let library = try #require(DoubleCompletingProvider.library)
        let cloud = try await Cloud.open(library)
        let bystander = try await Cloud.open(library)
        #expect(cloud.strayCompletions == 0)
        try await cloud.storage.deleteObject(bucket: "b", key: "k")
        #expect(cloud.strayCompletions == 1)
        let storage = cloud.storage
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<50 {
                group.addTask { try await storage.deleteObject(bucket: "b", key: "k\(index)") }
            }
            try await group.waitForAll()
        }
        #expect(cloud.strayCompletions == 51)
        let bucket = "b-stray-\(UUID().uuidString.prefix(8))"
        try await cloud.storage.createBucket(bucket)
        _ = try await cloud.storage.putObject(PutObjectRequest(bucket: bucket, key: "k", body: .bytes(Data("still here".utf8))))
        #expect(try await cloud.storage.getObject(GetObjectRequest(bucket: bucket, key: "k")).data == Data("still here".utf8))
        #expect(cloud.strayCompletions == 51)
        #expect(bystander.strayCompletions == 0)
        await cloud.close()
        await bystander.close()
    }
}
