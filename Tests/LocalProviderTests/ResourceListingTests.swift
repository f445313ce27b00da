import CloudKitModel
import Foundation
@testable import LocalProvider
import Testing

/// Listing buckets, tables, queues and topics: prefix, order, paging and tokens.
@Suite("Local resource listings")
struct ResourceListingTests {
    let root = KeyValueTestRoot()

    /// Every page of a listing, following tokens; fails on a token seen twice.
    func all(_ request: ListResourcesRequest, _ list: (ListResourcesRequest) async throws(CloudError) -> ResourcePage) async throws -> [ResourcePage] {
        var pages: [ResourcePage] = []
        var request = request
        var tokens: Set<String> = []
        repeat {
            let page = try await list(request)
            pages.append(page)
            request.pageToken = page.nextPageToken
            if let token = page.nextPageToken { #expect(tokens.insert(token).inserted, "a token came back twice") }
        } while request.pageToken != nil && pages.count < 100
        return pages
    }

    @Test("buckets: prefix and pages of two, in ascending byte order, each bucket once, with its creation time")
    func buckets() async throws {
        let store = try LocalObjectStore(root: LocalRoot(path: root.path))
        let before = Date().addingTimeInterval(-2)
        for name in ["logs-b", "logs-a", "photos", "logs-c", "logs-1", "logs-z"] { try await store.createBucket(name) }
        let pages = try await all(ListResourcesRequest(prefix: "logs-", maxItems: 2), store.listBuckets)
        #expect(pages.map { $0.items.map(\.name) } == [["logs-1", "logs-a"], ["logs-b", "logs-c"], ["logs-z"]])
        #expect(pages.last?.nextPageToken == nil)
        for item in pages.flatMap(\.items) {
            let created = try #require(item.created)
            #expect(created >= before && created <= Date().addingTimeInterval(2))
            #expect(item.identifier == nil)
        }
        let everything = try await store.listBuckets(ListResourcesRequest())
        #expect(everything.items.map(\.name) == ["logs-1", "logs-a", "logs-b", "logs-c", "logs-z", "photos"])
        #expect(everything.nextPageToken == nil)
        #expect(try await store.listBuckets(ListResourcesRequest(prefix: "none")).items.isEmpty)
    }

    @Test("buckets: folders being made or deleted (hidden) and stray files are not listed")
    func bucketsSkipHiddenFolders() async throws {
        let store = try LocalObjectStore(root: LocalRoot(path: root.path))
        try await store.createBucket("real")
        try FileManager.default.createDirectory(atPath: "\(root.path)/storage/.staging-x/objects", withIntermediateDirectories: true)
        #expect(FileManager.default.createFile(atPath: "\(root.path)/storage/stray", contents: Data()))
        #expect(try await store.listBuckets(ListResourcesRequest()).items.map(\.name) == ["real"])
    }

    @Test("tables: the catalog, by prefix, in pages")
    func tables() async throws {
        let store = try root.makeStore()
        for name in ["orders", "events-2", "events-10", "events-1", "users"] {
            try await store.createTable(TableSpec(table: name, partitionKey: KeyAttribute("id")))
        }
        let pages = try await all(ListResourcesRequest(prefix: "events-", maxItems: 2), store.listTables)
        #expect(pages.map { $0.items.map(\.name) } == [["events-1", "events-10"], ["events-2"]])
        let one = try await all(ListResourcesRequest(maxItems: 1), store.listTables)
        #expect(one.flatMap { $0.items.map(\.name) } == ["events-1", "events-10", "events-2", "orders", "users"])
        #expect(one.allSatisfy { $0.items.count == 1 })
    }

    @Test("queues: names with their local URLs, by prefix, in pages")
    func queues() async throws {
        let queues = try LocalMessageQueues(root: LocalRoot(path: root.path))
        for name in ["jobs-b", "jobs-a", "other", "jobs-c.fifo"] {
            _ = try await queues.createQueue(QueueSpec(name: name, fifo: name.hasSuffix(".fifo")))
        }
        let pages = try await all(ListResourcesRequest(prefix: "jobs-", maxItems: 2), queues.listQueues)
        #expect(pages.map { $0.items.map(\.name) } == [["jobs-a", "jobs-b"], ["jobs-c.fifo"]])
        #expect(pages.flatMap(\.items).map(\.identifier) == ["local://queues/jobs-a", "local://queues/jobs-b", "local://queues/jobs-c.fifo"])
    }

    @Test("topics: names with their ARNs, by prefix, in pages")
    func topics() async throws {
        let topics = try LocalPubSub(root: LocalRoot(path: root.path))
        for name in ["news", "alerts-2", "alerts-1", "alerts-3"] { _ = try await topics.createTopic(TopicSpec(name: name)) }
        let pages = try await all(ListResourcesRequest(prefix: "alerts-", maxItems: 2), topics.listTopics)
        #expect(pages.map { $0.items.map(\.name) } == [["alerts-1", "alerts-2"], ["alerts-3"]])
        #expect(pages.first?.items.first?.identifier == "arn:aws:sns:local:000000000000:alerts-1")
    }

    @Test("a page token this provider did not make, or made for another listing, is invalid argument")
    func foreignTokens() async throws {
        let store = try LocalObjectStore(root: LocalRoot(path: root.path))
        let tables = try root.makeStore()
        for name in ["bk1", "bk2", "bk3"] { try await store.createBucket(name) }
        let first = try await store.listBuckets(ListResourcesRequest(maxItems: 1))
        let token = try #require(first.nextPageToken)
        for bad in ["", "garbage", "ck1.", "ck1.!!!", "ck1.dDpiazE", "ck1.Yjo", token + "="] {
            let error = await kvFailure(.invalidArgument) { try await store.listBuckets(ListResourcesRequest(pageToken: bad)) }
            #expect(error?.message.contains("page token") == true, "\(bad)")
        }
        await kvFailure(.invalidArgument) { try await tables.listTables(ListResourcesRequest(pageToken: token)) }
        let second = try await store.listBuckets(ListResourcesRequest(pageToken: token))
        #expect(second.items.map(\.name) == ["bk2", "bk3"])
    }

    @Test("max items outside 0...1000 is invalid argument on every listing", arguments: [-1, 1001])
    func pageSizes(maxItems: Int) async throws {
        let request = ListResourcesRequest(maxItems: maxItems)
        await kvFailure(.invalidArgument) { try await LocalObjectStore(root: LocalRoot(path: root.path)).listBuckets(request) }
        await kvFailure(.invalidArgument) { try await root.makeStore().listTables(request) }
        await kvFailure(.invalidArgument) { try await LocalMessageQueues(root: LocalRoot(path: root.path)).listQueues(request) }
        await kvFailure(.invalidArgument) { try await LocalPubSub(root: LocalRoot(path: root.path)).listTopics(request) }
    }
}
