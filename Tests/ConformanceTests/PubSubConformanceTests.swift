import CloudKit
import Foundation
import Testing

/// Behaviour every provider's publish/subscribe must share, through the C ABI.
@Suite("Publish/subscribe conformance")
struct PubSubConformanceTests {
    func receiveAll(_ cloud: Cloud, _ queue: String, expecting count: Int) async throws -> [ReceivedMessage] {
        var messages: [ReceivedMessage] = []
        var empty = 0
        while messages.count < count && empty < 3 {
            let batch = try await cloud.queues.receive(ReceiveRequest(queue: queue, maxMessages: 10, waitSeconds: 1))
            if batch.isEmpty { empty += 1 }
            for message in batch { try await cloud.queues.acknowledge(queue: queue, receiptHandle: message.receiptHandle) }
            messages += batch
        }
        return messages
    }

    @Test("publishing fans out to every subscribed queue the filter lets through", arguments: ProviderFixture.providers)
    func fanOutWithFilter(provider: String) async throws {
        let cloud = try await ProviderFixture.open(provider)
        let topic = QueueConformanceTests.name("topic")
        let all = QueueConformanceTests.name("all")
        let blue = QueueConformanceTests.name("blue")
        let arn = try await cloud.pubsub.createTopic(TopicSpec(name: topic))
        #expect(try await cloud.pubsub.createTopic(TopicSpec(name: topic)) == arn)
        _ = try await cloud.queues.createQueue(QueueSpec(name: all))
        _ = try await cloud.queues.createQueue(QueueSpec(name: blue))
        _ = try await cloud.pubsub.subscribe(SubscribeRequest(topic: topic, queue: all, rawDelivery: true))
        let filtered = try await cloud.pubsub.subscribe(SubscribeRequest(topic: arn, queue: blue, rawDelivery: true, filterPolicyJSON: #"{"color":["blue"]}"#))
        _ = try await cloud.pubsub.publish(PublishRequest(topic: topic, message: "red one", attributes: ["color": .string("red")]))
        _ = try await cloud.pubsub.publish(PublishRequest(topic: topic, message: "blue one", attributes: ["color": .string("blue"), "n": .number("3")]))
        let toAll = try await receiveAll(cloud, all, expecting: 2)
        #expect(Set(toAll.map(\.body)) == ["red one", "blue one"])
        let toBlue = try await receiveAll(cloud, blue, expecting: 1)
        #expect(toBlue.map(\.body) == ["blue one"])
        #expect(toBlue.first?.attributes == ["color": .string("blue"), "n": .number("3")])
        let subscriptions = try await cloud.pubsub.listSubscriptions(topic: topic, pageToken: nil).subscriptions
        #expect(subscriptions.count == 2)
        #expect(subscriptions.first { $0.id == filtered }?.rawDelivery == true)
        #expect(subscriptions.first { $0.id == filtered }?.filterPolicyJSON.map { try? JSONValue.parse($0) } == (try JSONValue.parse(#"{"color":["blue"]}"#)))
        try await cloud.pubsub.unsubscribe(filtered)
        _ = try await cloud.pubsub.publish(PublishRequest(topic: topic, message: "after", attributes: ["color": .string("blue")]))
        #expect(try await receiveAll(cloud, blue, expecting: 1).isEmpty)
        #expect(try await receiveAll(cloud, all, expecting: 1).map(\.body) == ["after"])
        try await cloud.pubsub.deleteTopic(topic)
        await cloud.close()
    }

    @Test("without raw delivery a queue receives the SNS JSON envelope", arguments: ProviderFixture.providers)
    func envelope(provider: String) async throws {
        let cloud = try await ProviderFixture.open(provider)
        let topic = QueueConformanceTests.name("env")
        let queue = QueueConformanceTests.name("envq")
        let arn = try await cloud.pubsub.createTopic(TopicSpec(name: topic))
        _ = try await cloud.queues.createQueue(QueueSpec(name: queue))
        _ = try await cloud.pubsub.subscribe(SubscribeRequest(topic: topic, queue: queue))
        let sent = try await cloud.pubsub.publish(PublishRequest(topic: topic, message: "wrapped \"text\"", subject: "Greeting", attributes: ["kind": .string("test")]))
        let message = try #require(try await receiveAll(cloud, queue, expecting: 1).first)
        let envelope = try JSONValue.parse(message.body)
        #expect(envelope["Type"] == .string("Notification"))
        #expect(envelope["MessageId"] == .string(sent.messageID))
        #expect(envelope["TopicArn"] == .string(arn))
        #expect(envelope["Subject"] == .string("Greeting"))
        #expect(envelope["Message"] == .string("wrapped \"text\""))
        #expect(envelope["MessageAttributes"]?["kind"]?["Value"] == .string("test"))
        #expect(envelope["Timestamp"]?.stringValue?.hasSuffix("Z") == true)
        await cloud.close()
    }

    @Test("a FIFO topic delivers to a FIFO queue in order, and batches report each entry", arguments: ProviderFixture.providers)
    func fifoAndBatch(provider: String) async throws {
        let cloud = try await ProviderFixture.open(provider)
        let topic = QueueConformanceTests.name("ft", fifo: true)
        let queue = QueueConformanceTests.name("fq", fifo: true)
        _ = try await cloud.pubsub.createTopic(TopicSpec(name: topic, fifo: true))
        _ = try await cloud.queues.createQueue(QueueSpec(name: queue, fifo: true))
        _ = try await cloud.pubsub.subscribe(SubscribeRequest(topic: topic, queue: queue, rawDelivery: true))
        let entries = (1...12).map { PublishRequest(topic: topic, message: "m\($0)", groupID: "g", deduplicationID: "d\($0)") }
        let results = try await cloud.pubsub.publishBatch(entries)
        #expect(results.count == 12)
        #expect(results.allSatisfy { $0.error == nil && $0.messageID != nil })
        let received = try await receiveAll(cloud, queue, expecting: 12)
        #expect(received.map(\.body) == (1...12).map { "m\($0)" })
        let missingGroup = await { () async -> CloudErrorKind? in
            do {
                _ = try await cloud.pubsub.publish(PublishRequest(topic: topic, message: "x", deduplicationID: "x"))
                return nil
            } catch {
                return (error as? CloudError)?.kind
            }
        }()
        #expect(missingGroup == .invalidArgument)
        await cloud.close()
    }
}
