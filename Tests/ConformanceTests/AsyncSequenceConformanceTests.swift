import CloudKit
import CloudKitTestSupport
import Foundation
import Testing

/// The Swift API's sequences, the same on every provider: a query's and a
/// scan's items across small pages, and a queue's messages as they arrive,
/// ending when the consuming task is cancelled.
@Suite("AsyncSequence conformance")
struct AsyncSequenceConformanceTests {
    @Test("allItems: a query and a scan page through every item, in order, with pages of 2", arguments: ProviderFixture.providers)
    func items(provider: String) async throws {
        let cloud = try await ProviderFixture.open(provider)
        let table = "ck-seq-\(UUID().uuidString.prefix(8).lowercased())"
        try await cloud.kv.createTable(TableSpec(table: table, partitionKey: KeyAttribute("pk"), sortKey: KeyAttribute("sk", .number)))
        for index in 0..<7 {
            try await cloud.kv.putItem(PutItemRequest(table: table, item: ["pk": .string("p"), "sk": .number(try KVNumber("\(index)"))]))
        }
        try await cloud.kv.putItem(PutItemRequest(table: table, item: ["pk": .string("other"), "sk": .number(try KVNumber("0"))]))

        let queried = try await cloud.kv.allItems(QueryRequest(table: table, partition: .string("p"), limit: 2, consistent: true)).collect()
        let expected = try (0..<7).map { AttributeValue.number(try KVNumber("\($0)")) }
        #expect(queried.compactMap { $0["sk"] } == expected)
        let descending = try await cloud.kv.allItems(QueryRequest(table: table, partition: .string("p"), limit: 3, descending: true)).collect()
        #expect(descending.count == 7)
        #expect(descending.first?["sk"] == .number(try KVNumber("6")))
        let scanned = try await cloud.kv.allItems(ScanRequest(table: table, limit: 2)).collect()
        #expect(scanned.count == 8)
        try await cloud.kv.deleteTable(table)
        await cloud.close()
    }

    @Test("messages(of:): a consumer sees every message sent, each once, and ends when its task is cancelled", arguments: ProviderFixture.providers)
    func messages(provider: String) async throws {
        let cloud = try await ProviderFixture.open(provider)
        let queue = "ck-seq-\(UUID().uuidString.prefix(8).lowercased())"
        _ = try await cloud.queues.createQueue(QueueSpec(name: queue, visibilityTimeout: 600))
        let queues = cloud.queues
        let wanted = 12
        let counted = AsyncStream<Int>.makeStream()
        let consumer = Task { () -> [String] in
            var bodies: [String] = []
            for try await message in queues.messages(of: queue, maxMessages: 5, waitSeconds: 2) {
                bodies.append(message.body)
                try await queues.acknowledge(queue: queue, receiptHandle: message.receiptHandle)
                counted.continuation.yield(bodies.count)
            }
            return bodies
        }
        for index in 0..<wanted { _ = try await cloud.queues.send(SendMessageRequest(queue: queue, body: "m\(index)")) }
        for await count in counted.stream where count == wanted { break }
        consumer.cancel()
        let bodies = try await consumer.value
        #expect(bodies.sorted() == (0..<wanted).map { "m\($0)" }.sorted())
        try await cloud.queues.deleteQueue(queue)
        await cloud.close()
    }

    @Test("allFunctions: pages of one list every function once", arguments: ProviderFixture.providers)
    func functions(provider: String) async throws {
        let cloud: Cloud
        let function: String
        if provider == "aws" {
            try await KitTargets.makeAWSEcho()
            (cloud, function) = (try await ProviderFixture.open("aws"), KitTargets.awsEcho)
        } else {
            function = FunctionFixture.name("seq")
            let root = try FunctionFixture.localRoot("seq", functions: [function: FunctionFixture.echoScript, "\(function)-2": FunctionFixture.echoScript])
            cloud = try await Cloud.load(provider: "local", options: ["root": root], environment: ProviderFixture.environment)
        }
        let names = try await cloud.functions.allFunctions(pageSize: 1).collect().map(\.name)
        #expect(names.contains(function))
        #expect(Set(names).count == names.count, "no function twice")
        await cloud.close()
    }
}
