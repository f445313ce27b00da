@testable import AWSProvider
import CloudKitModel
import CloudKitTestSupport
import Foundation
import Testing

/// Listing buckets, tables, queues and topics against moto (which honours
/// less than AWS: no S3 continuation tokens, no SQS `MaxResults`), with a
/// prefix of each test's own so that other tests' resources do not count.
@Suite("Resource listings on moto", .enabled(if: MotoFixture.available))
struct ResourceListingMotoTests {
    /// Every page, following tokens (at most 50 pages).
    func all(_ prefix: String, maxItems: Int, _ list: (ListResourcesRequest) async throws(CloudError) -> ResourcePage) async throws -> [ResourcePage] {
        var pages: [ResourcePage] = []
        var request = ListResourcesRequest(prefix: prefix, maxItems: maxItems)
        repeat {
            let page = try await list(request)
            pages.append(page)
            request.pageToken = page.nextPageToken
        } while request.pageToken != nil && pages.count < 50
        return pages
    }

    /// The names of `pages`, checking each page is in ascending order.
    func names(_ pages: [ResourcePage]) -> [String] {
        for page in pages { #expect(page.items.map(\.name) == page.items.map(\.name).sorted(), "a page out of order") }
        return pages.flatMap { $0.items.map(\.name) }
    }

    @Test("S3 buckets: by prefix, two a page, each once, in order, with creation dates")
    func buckets() async throws {
        let client = try MotoFixture.client()
        defer { client.shutdown() }
        let prefix = MotoFixture.name("ckl-")
        let created = ["\(prefix)-d", "\(prefix)-a", "\(prefix)-c", "\(prefix)-e", "\(prefix)-b"]
        for bucket in created { try await client.s3.createBucket(bucket) }
        let pages = try await all(prefix, maxItems: 2, client.s3.listBuckets)
        #expect(pages.map(\.items.count) == [2, 2, 1])
        #expect(names(pages) == created.sorted())
        #expect(pages.flatMap(\.items).allSatisfy { $0.created.map { abs($0.timeIntervalSinceNow) < 600 } ?? false })
        let whole = try await client.s3.listBuckets(ListResourcesRequest(prefix: prefix))
        #expect(whole.items.map(\.name) == created.sorted())
        #expect(whole.nextPageToken == nil)
        for bucket in created { try await client.s3.deleteBucket(bucket) }
        #expect(try await client.s3.listBuckets(ListResourcesRequest(prefix: prefix)).items.isEmpty)
    }

    @Test("DynamoDB tables: prefix filtered here, paged by ExclusiveStartTableName")
    func tables() async throws {
        let client = try MotoFixture.client()
        defer { client.shutdown() }
        let prefix = MotoFixture.name("ckl-")
        let created = ["\(prefix)-c", "\(prefix)-a", "\(prefix)-b"]
        for table in created { try await client.dynamoDB.createTable(TableSpec(table: table, partitionKey: KeyAttribute("id"))) }
        let pages = try await all(prefix, maxItems: 2, client.dynamoDB.listTables)
        #expect(names(pages) == created.sorted())
        #expect(pages.first?.items.count == 2)
        for table in created { try await client.dynamoDB.deleteTable(table) }
    }

    @Test("SQS queues: by prefix, paged, identifiers are the queue URLs")
    func queues() async throws {
        let client = try MotoFixture.client()
        defer { client.shutdown() }
        let prefix = MotoFixture.name("ckl-")
        let created = ["\(prefix)-b", "\(prefix)-c", "\(prefix)-a"]
        var urls: [String: String] = [:]
        for queue in created { urls[queue] = try await client.sqs.createQueue(QueueSpec(name: queue)) }
        let pages = try await all(prefix, maxItems: 2, client.sqs.listQueues)
        #expect(pages.map(\.items.count) == [2, 1])
        #expect(names(pages) == created.sorted())
        for item in pages.flatMap(\.items) { #expect(item.identifier == urls[item.name]) }
        #expect(try await client.sqs.listQueues(ListResourcesRequest(prefix: "no such (prefix")).items.isEmpty)
        for queue in created { try await client.sqs.deleteQueue(queue) }
    }

    @Test("SNS topics: prefix filtered here, paged, identifiers are the topic ARNs")
    func topics() async throws {
        let client = try MotoFixture.client()
        defer { client.shutdown() }
        let prefix = MotoFixture.name("ckl-")
        let created = ["\(prefix)-c", "\(prefix)-b", "\(prefix)-a"]
        var arns: [String: String] = [:]
        for topic in created { arns[topic] = try await client.sns.createTopic(TopicSpec(name: topic)) }
        let pages = try await all(prefix, maxItems: 2, client.sns.listTopics)
        #expect(names(pages) == created.sorted())
        for item in pages.flatMap(\.items) { #expect(item.identifier == arns[item.name]) }
        for topic in created { try await client.sns.deleteTopic(topic) }
    }

    @Test("a token of another listing or none of ours is invalid argument, before anything is sent")
    func foreignTokens() async throws {
        let client = try MotoFixture.client()
        defer { client.shutdown() }
        let prefix = MotoFixture.name("ckl-")
        for queue in ["\(prefix)-a", "\(prefix)-b"] { _ = try await client.sqs.createQueue(QueueSpec(name: queue)) }
        let first = try await client.sqs.listQueues(ListResourcesRequest(prefix: prefix, maxItems: 1))
        let token = try #require(first.nextPageToken)
        #expect(await failure { try await client.sns.listTopics(ListResourcesRequest(pageToken: token)) }?.kind == .invalidArgument)
        #expect(await failure { try await client.sqs.listQueues(ListResourcesRequest(pageToken: "opaque-from-sqs")) }?.kind == .invalidArgument)
        #expect(await failure { try await client.s3.listBuckets(ListResourcesRequest(maxItems: 1001)) }?.kind == .invalidArgument)
        #expect(try await client.sqs.listQueues(ListResourcesRequest(prefix: prefix, pageToken: token, maxItems: 1)).items.map(\.name) == ["\(prefix)-b"])
        for queue in ["\(prefix)-a", "\(prefix)-b"] { try await client.sqs.deleteQueue(queue) }
    }
}
