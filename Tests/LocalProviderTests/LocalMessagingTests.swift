import CloudKitModel
import Foundation
@testable import LocalProvider
import Synchronization
import Testing

/// Local queues and topics beyond the conformance suite: several processes on
/// one root, durability, retention, and every filter policy construct.
@Suite("Local messaging")
struct LocalMessagingTests {
    /// A value shared between concurrent test tasks.
    final class Shared<Value: Sendable>: Sendable {
        let value: Mutex<Value>
        init(_ value: Value) { self.value = Mutex(value) }
    }

    let root = KeyValueTestRoot()

    func queues() throws -> LocalMessageQueues { try LocalMessageQueues(root: LocalRoot(path: root.path)) }

    @Test("four receivers on two store instances (two processes) get each of 100 messages exactly once")
    func concurrentReceiversNeverShareAMessage() async throws {
        let first = try queues()
        let second = try queues()
        _ = try await first.createQueue(QueueSpec(name: "work", visibilityTimeout: 300))
        _ = try await first.sendBatch((0..<100).map { SendMessageRequest(queue: "work", body: "m\($0)") })
        let seen = Shared<[String]>([])
        try await withThrowingTaskGroup(of: Void.self) { group in
            for receiver in 0..<4 {
                let store = receiver % 2 == 0 ? first : second
                group.addTask {
                    while true {
                        let batch = try await store.receive(ReceiveRequest(queue: "work", maxMessages: 10))
                        if batch.isEmpty { return }
                        seen.value.withLock { $0 += batch.map(\.body) }
                        for message in batch { try await store.acknowledge(queue: "work", receiptHandle: message.receiptHandle) }
                    }
                }
            }
            try await group.waitForAll()
        }
        let bodies = seen.value.withLock { $0 }
        #expect(bodies.count == 100)
        #expect(Set(bodies).count == 100)
    }

    @Test("messages survive reopening the root, and expire after their retention")
    func durabilityAndRetention() async throws {
        let clock = Shared(Date(timeIntervalSince1970: 1_800_000_000))
        let now: @Sendable () -> Date = { clock.value.withLock { $0 } }
        let writer = try LocalMessageQueues(root: LocalRoot(path: root.path), now: now)
        _ = try await writer.createQueue(QueueSpec(name: "kept", retentionSeconds: 60))
        _ = try await writer.send(SendMessageRequest(queue: "kept", body: "durable"))
        let reader = try LocalMessageQueues(root: LocalRoot(path: root.path), now: now)
        let message = try #require(try await reader.receive(ReceiveRequest(queue: "local://queues/kept")).first)
        #expect(message.body == "durable")
        try await reader.changeVisibility(queue: "arn:aws:sqs:local:000000000000:kept", receiptHandle: message.receiptHandle, seconds: 0)
        clock.value.withLock { $0 = $0.addingTimeInterval(61) }
        #expect(try await reader.receive(ReceiveRequest(queue: "kept")).isEmpty)
    }

    @Test("receipt handles: a foreign one is invalid, a stale one deletes nothing")
    func receiptHandles() async throws {
        let store = try queues()
        _ = try await store.createQueue(QueueSpec(name: "handles", visibilityTimeout: 0))
        _ = try await store.send(SendMessageRequest(queue: "handles", body: "x"))
        let first = try #require(try await store.receive(ReceiveRequest(queue: "handles")).first)
        let second = try #require(try await store.receive(ReceiveRequest(queue: "handles")).first)
        try await store.acknowledge(queue: "handles", receiptHandle: first.receiptHandle)
        #expect(try await store.counts("handles").visible + (try await store.counts("handles").inFlight) == 1)
        try await store.acknowledge(queue: "handles", receiptHandle: second.receiptHandle)
        #expect(try await store.counts("handles") == QueueCounts(visible: 0, inFlight: 0, delayed: 0))
        await #expect(throws: CloudError.self) { try await store.acknowledge(queue: "handles", receiptHandle: "AQEB-foreign") }
    }

    @Test("queue settings: a conflicting re-create, a missing dead-letter queue and mismatched FIFO-ness are refused")
    func queueSettings() async throws {
        let store = try queues()
        _ = try await store.createQueue(QueueSpec(name: "q1", visibilityTimeout: 10))
        await #expect(throws: CloudError.self) { _ = try await store.createQueue(QueueSpec(name: "q1", visibilityTimeout: 20)) }
        await #expect(throws: CloudError.self) { _ = try await store.createQueue(QueueSpec(name: "q2", deadLetter: DeadLetterPolicy(queue: "nope", maxReceiveCount: 1))) }
        await #expect(throws: CloudError.self) {
            _ = try await store.createQueue(QueueSpec(name: "q3.fifo", fifo: true, deadLetter: DeadLetterPolicy(queue: "q1", maxReceiveCount: 1)))
        }
        await #expect(throws: CloudError.self) { _ = try await store.createQueue(QueueSpec(name: "q4", contentBasedDeduplication: true)) }
    }

    @Test("attribute values with control characters are refused, as SQS refuses them; tab, newline and return pass")
    func attributeCharacters() async throws {
        let store = try queues()
        let topics = try LocalPubSub(root: LocalRoot(path: root.path))
        _ = try await store.createQueue(QueueSpec(name: "attrs"))
        _ = try await topics.createTopic(TopicSpec(name: "attr-topic"))
        for bad in ["a\u{1}b", "nul\u{0}", "escape\u{1B}[0m", "not a character\u{FFFE}"] {
            await kvFailure(.invalidArgument) {
                try await store.send(SendMessageRequest(queue: "attrs", body: "x", attributes: ["note": .string(bad)]))
            }
            await kvFailure(.invalidArgument) {
                try await topics.publish(PublishRequest(topic: "attr-topic", message: "x", attributes: ["note": .string(bad)]))
            }
        }
        await kvFailure(.invalidArgument) {
            try await store.send(SendMessageRequest(queue: "attrs", body: "x", attributes: ["n": .number("1\u{2}")]))
        }
        _ = try await store.send(SendMessageRequest(queue: "attrs", body: "x", attributes: ["note": .string("tab\tnew\nline\rok é 😀")]))
        let message = try #require(try await store.receive(ReceiveRequest(queue: "attrs")).first)
        #expect(message.attributes["note"] == .string("tab\tnew\nline\rok é 😀"))
        // Counted whether or not the receive's visibility timeout has passed (a busy machine may take that long).
        let counts = try await store.counts("attrs")
        #expect(counts.visible + counts.inFlight + counts.delayed == 1, "nothing refused was stored: \(counts)")
    }

    @Test("content-based deduplication drops a repeated body on a FIFO queue")
    func contentDeduplication() async throws {
        let store = try queues()
        _ = try await store.createQueue(QueueSpec(name: "dedup.fifo", fifo: true, contentBasedDeduplication: true))
        let first = try await store.send(SendMessageRequest(queue: "dedup.fifo", body: "same", groupID: "g"))
        let again = try await store.send(SendMessageRequest(queue: "dedup.fifo", body: "same", groupID: "g"))
        #expect(first == again)
        #expect(first.sequenceNumber?.count == 20)
        #expect(try await store.counts("dedup.fifo").visible == 1)
    }

    @Test("filter policies: strings, numbers, prefix, suffix, anything-but, exists and numeric ranges")
    func filterPolicies() throws {
        let attributes: MessageAttributes = ["color": .string("blue-ish"), "size": .number("12.5"), "tag": .string("a")]
        func passes(_ policy: String) throws -> Bool { try FilterPolicy(json: policy).matches(attributes) }
        #expect(try passes(#"{"color":["red","blue-ish"]}"#))
        #expect(try !passes(#"{"color":["red"]}"#))
        #expect(try passes(#"{"size":[12.50]}"#))
        #expect(try passes(#"{"color":[{"prefix":"blue"}],"tag":[{"suffix":"a"}]}"#))
        #expect(try !passes(#"{"color":[{"prefix":"blue"}],"tag":["b"]}"#))
        #expect(try passes(#"{"color":[{"anything-but":["red","green"]}]}"#))
        #expect(try !passes(#"{"tag":[{"anything-but":"a"}]}"#))
        #expect(try passes(#"{"missing":[{"exists":false}],"size":[{"exists":true}]}"#))
        #expect(try passes(#"{"size":[{"numeric":[">",10,"<=",12.5]}]}"#))
        #expect(try !passes(#"{"size":[{"numeric":["<",12.5]}]}"#))
        for bad in [#"[]"#, #"{"a":"b"}"#, #"{"a":[]}"#, #"{"a":[{"regex":"x"}]}"#, #"{"a":[{"numeric":["~",1]}]}"#] {
            #expect(throws: CloudError.self, "\(bad)") { try FilterPolicy(json: bad) }
        }
    }

    @Test("a topic only subscribes existing queues of its kind; unsubscribing twice is not found")
    func subscriptions() async throws {
        let store = try queues()
        let topics = try LocalPubSub(root: LocalRoot(path: root.path))
        _ = try await topics.createTopic(TopicSpec(name: "events"))
        _ = try await store.createQueue(QueueSpec(name: "orders.fifo", fifo: true))
        await #expect(throws: CloudError.self) { _ = try await topics.subscribe(SubscribeRequest(topic: "events", queue: "orders.fifo")) }
        await #expect(throws: CloudError.self) { _ = try await topics.subscribe(SubscribeRequest(topic: "events", queue: "absent")) }
        _ = try await store.createQueue(QueueSpec(name: "inbox"))
        let arn = try await topics.subscribe(SubscribeRequest(topic: "events", queue: "inbox"))
        #expect(try await topics.subscribe(SubscribeRequest(topic: "events", queue: "inbox", rawDelivery: true)) == arn)
        #expect(try await topics.listSubscriptions(topic: "events", pageToken: nil).subscriptions.map(\.rawDelivery) == [true])
        try await topics.unsubscribe(arn)
        await #expect(throws: CloudError.self) { try await topics.unsubscribe(arn) }
        try await topics.deleteTopic("events")
        try await topics.deleteTopic("events")
        await #expect(throws: CloudError.self) { _ = try await topics.publish(PublishRequest(topic: "events", message: "x")) }
    }
}
