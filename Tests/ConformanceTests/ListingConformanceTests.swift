import CloudKit
import Foundation
import Testing

/// Listing buckets, tables, queues and topics through the ABI (1.3), the same
/// on every provider: prefix, paging across pages, order, identifiers, and
/// a page token the provider never made refused.
@Suite("Listing conformance")
struct ListingConformanceTests {
    /// Three names under a prefix unique to this test.
    static func names(_ label: String) -> (prefix: String, names: [String]) {
        let prefix = "ck-\(label)-\(UUID().uuidString.prefix(6).lowercased())-"
        return (prefix, ["\(prefix)b", "\(prefix)a", "\(prefix)c"])
    }

    @Test("buckets: prefix, pages of 2, ascending names", arguments: ProviderFixture.storageProviders)
    func buckets(provider: String) async throws {
        let cloud = try await ProviderFixture.open(provider)
        let (prefix, names) = Self.names("lb")
        for name in names { try await cloud.storage.createBucket(name) }
        let listed = try await cloud.storage.allBuckets(prefix: prefix, pageSize: 2).collect()
        #expect(listed.map(\.name) == names.sorted())
        let first = try await cloud.storage.listBuckets(ListResourcesRequest(prefix: prefix, maxItems: 2))
        #expect(first.items.count <= 2)
        #expect(first.nextPageToken != nil)
        for name in names { try await cloud.storage.deleteBucket(name) }
        #expect(try await cloud.storage.allBuckets(prefix: prefix).collect().isEmpty)
        await cloud.close()
    }

    @Test("tables: prefix, pages of 2, ascending names", arguments: ProviderFixture.kvProviders)
    func tables(provider: String) async throws {
        let cloud = try await ProviderFixture.open(provider)
        let (prefix, names) = Self.names("lt")
        for name in names { try await cloud.kv.createTable(TableSpec(table: name, partitionKey: KeyAttribute("pk"))) }
        let listed = try await cloud.kv.allTables(prefix: prefix, pageSize: 2).collect()
        #expect(listed.map(\.name) == names.sorted())
        for name in names { try await cloud.kv.deleteTable(name) }
        await cloud.close()
    }

    @Test("queues: prefix, pages of 2, ascending names, the URL as identifier", arguments: ProviderFixture.providers)
    func queues(provider: String) async throws {
        let cloud = try await ProviderFixture.open(provider)
        let (prefix, names) = Self.names("lq")
        var urls: [String: String] = [:]
        for name in names { urls[name] = try await cloud.queues.createQueue(QueueSpec(name: name)) }
        let listed = try await cloud.queues.allQueues(prefix: prefix, pageSize: 2).collect()
        #expect(listed.map(\.name) == names.sorted())
        #expect(listed.allSatisfy { $0.identifier == urls[$0.name] })
        for name in names { try await cloud.queues.deleteQueue(name) }
        await cloud.close()
    }

    @Test("topics: prefix, pages of 2, ascending names, the ARN as identifier", arguments: ProviderFixture.providers)
    func topics(provider: String) async throws {
        let cloud = try await ProviderFixture.open(provider)
        let (prefix, names) = Self.names("lp")
        var arns: [String: String] = [:]
        for name in names { arns[name] = try await cloud.pubsub.createTopic(TopicSpec(name: name)) }
        let listed = try await cloud.pubsub.allTopics(prefix: prefix, pageSize: 2).collect()
        #expect(listed.map(\.name) == names.sorted())
        #expect(listed.allSatisfy { $0.identifier == arns[$0.name] })
        for name in names { try await cloud.pubsub.deleteTopic(name) }
        await cloud.close()
    }

    @Test("a page token the provider never made, or a page size out of range, is invalid argument", arguments: ProviderFixture.storageProviders)
    func badRequests(provider: String) async throws {
        let cloud = try await ProviderFixture.open(provider)
        let forged = await #expect(throws: CloudError.self) {
            _ = try await cloud.storage.listBuckets(ListResourcesRequest(pageToken: "not-a-token"))
        }
        #expect(forged?.kind == .invalidArgument)
        let tooBig = await #expect(throws: CloudError.self) {
            _ = try await cloud.storage.listBuckets(ListResourcesRequest(maxItems: 5000))
        }
        #expect(tooBig?.kind == .invalidArgument)
        if ProviderFixture.providers.contains(provider) {
            let tooBigQueues = await #expect(throws: CloudError.self) {
                _ = try await cloud.queues.listQueues(ListResourcesRequest(maxItems: 5000))
            }
            #expect(tooBigQueues?.kind == .invalidArgument)
        }
        await cloud.close()
    }
}
