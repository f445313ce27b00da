import CloudKit
import CloudKitConformance
import CloudKitTestSupport
import Foundation
import Testing

/// The README's Swift example, statement for statement, on a fresh local
/// root: if an API it shows changes, this stops compiling.
@Suite("README Swift example")
struct ReadmeExampleTests {
    @Test("the README's Swift example runs on the local provider and does what its comments say")
    func readmeExample() async throws {
        let root = try FunctionFixture.localRoot("readme", functions: [
            "resize": "#!/bin/sh\necho '{\"errorMessage\":\"not an image\",\"errorType\":\"BadInput\"}' >&2\nexit 1\n"
        ])
        try Data("not really a cat".utf8).write(to: URL(fileURLWithPath: "\(root)/cat.jpg"))

        let cloud = try await Cloud.load(provider: "local", options: ["root": root], environment: ProviderFixture.environment)
        try await cloud.storage.createBucket("photos")
        try await cloud.kv.createTable(TableSpec(table: "events", partitionKey: KeyAttribute("user"), sortKey: KeyAttribute("ts", .number)))
        try await cloud.kv.putItem(PutItemRequest(table: "events", item: try KVJSON.item(#"{"user":"ann","ts":1,"n":12.50}"#), condition: .ifAbsent))
        let page = try await cloud.kv.query(QueryRequest(table: "events", partition: .string("ann"), sort: .greaterOrEqual(.number(try KVNumber("1")))))
        #expect(page.items.count == 1)
        let info = try await cloud.storage.putObject(PutObjectRequest(
            bucket: "photos", key: "cat.jpg", body: .file(path: "\(root)/cat.jpg"), contentType: "image/jpeg"))
        let object = try await cloud.storage.getObject(GetObjectRequest(bucket: "photos", key: "cat.jpg"))
        #expect(object.data == Data("not really a cat".utf8))
        let pipe = Pipe()
        pipe.fileHandleForWriting.write(Data("a tarball".utf8))
        try pipe.fileHandleForWriting.close()
        let totals = LockedCounter()
        let tarball = try await cloud.storage.putObject(PutObjectRequest(
            bucket: "photos", key: "all.tar", body: .stream(length: nil, reader: BodyReader { buffer in
                let data = pipe.fileHandleForReading.readData(ofLength: buffer.count)
                data.copyBytes(to: buffer)
                return data.count
            }), progress: { _, total in if total == -1 { totals.advance(by: 1) } }))
        #expect(tarball.size == 9 && totals.value > 0)
        _ = try await cloud.storage.putObject(PutObjectRequest(
            bucket: "photos", key: "dog.jpg", body: .bytes(Data("woof".utf8)), condition: .ifAbsent, options: ["cache_control": "max-age=60"]))
        var buckets: [String] = []
        for try await bucket in cloud.storage.allBuckets() {
            buckets.append(bucket.name)
        }
        #expect(buckets == ["photos"])
        let upload = AsyncStream<Data> { feed in
            feed.yield(Data("meow ".utf8))
            feed.yield(Data("meow".utf8))
            feed.finish()
        }
        _ = try await cloud.storage.putObject(PutObjectRequest(
            bucket: "photos", key: "cat.txt", body: .chunks(upload, length: 9)))
        let (catInfo, catBody) = try await cloud.storage.getObjectBody(GetObjectRequest(bucket: "photos", key: "cat.txt"))
        var catBytes = Data()
        for try await chunk in catBody {
            #expect(catInfo.size == 9)
            catBytes.append(chunk)
        }
        #expect(catBytes == Data("meow meow".utf8))
        #expect(try await cloud.storage.headObject(bucket: "photos", key: "dog.jpg").properties["cache_control"] == "max-age=60")
        #expect(info.size == 16)
        var missingCode: String?
        do {
            _ = try await cloud.storage.headObject(bucket: "photos", key: "missing")
        } catch {
            guard error.kind == .notFound else { throw error }
            missingCode = error.code
        }
        #expect(missingCode == "NoSuchKey")

        _ = try await cloud.queues.createQueue(QueueSpec(name: "jobs", visibilityTimeout: 60))
        _ = try await cloud.pubsub.createTopic(TopicSpec(name: "uploads"))
        _ = try await cloud.pubsub.subscribe(SubscribeRequest(topic: "uploads", queue: "jobs", rawDelivery: true))
        _ = try await cloud.pubsub.publish(PublishRequest(topic: "uploads", message: "cat.jpg", attributes: ["size": .number("1024")]))
        var bodies: [String] = []
        for message in try await cloud.queues.receive(ReceiveRequest(queue: "jobs", maxMessages: 10, waitSeconds: 5)) {
            bodies.append(message.body)
            #expect(message.attributes["size"] == .number("1024"))
            try await cloud.queues.acknowledge(queue: "jobs", receiptHandle: message.receiptHandle)
        }
        #expect(bodies == ["cat.jpg"])
        let queues = cloud.queues
        let consumer = Task {
            for try await message in queues.messages(of: "jobs") {
                try await queues.acknowledge(queue: "jobs", receiptHandle: message.receiptHandle)
            }
        }
        consumer.cancel()
        try await consumer.value  // ends without an error when cancelled
        var items: [KVItem] = []
        for try await item in cloud.kv.allItems(QueryRequest(table: "events", partition: .string("ann"), limit: 100)) {
            items.append(item)
        }
        #expect(items.count == 1)

        let result = try await cloud.functions.invoke(InvokeRequest(function: "resize", payload: Data(#"{"key":"cat.jpg"}"#.utf8)))
        #expect(result.functionError == "Handled")
        #expect(String(decoding: result.payload, as: UTF8.self) == #"{"errorMessage":"not an image","errorType":"BadInput"}"#)
        await cloud.close()
    }

    @Test("the README's conformance kit example runs the storage and key-value cases and counts them")
    func conformanceKitExample() async throws {
        let root = try ProviderFixture.temporaryDirectory("readme-kit")
        let lines = Locked<[String]>([])
        let runner = ConformanceRunner(target: ConformanceTarget { try await Cloud.load(provider: "local", options: ["root": root]) })
        let summary = try await runner.run(ConformanceSuite.selected(families: [.storage, .kv])) { result in lines.withLock { $0.append(result.line) } }
        #expect(summary.line == "36 passed, 0 failed, 0 skipped")
        #expect(lines.withLock { $0 }.first == "PASS storage.round-trip")
    }
}
