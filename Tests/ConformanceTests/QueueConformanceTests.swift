import CloudKit
import CloudKitTestSupport
import Foundation
import Testing

/// Behaviour every provider's message queues must share, through the C ABI.
@Suite("Queue conformance")
struct QueueConformanceTests {
    static func name(_ label: String, fifo: Bool = false) -> String {
        "ck-\(label)-\(UUID().uuidString.prefix(8).lowercased())\(fifo ? ".fifo" : "")"
    }

    /// Receives until `count` messages arrived or `attempts` receives came back empty.
    func drain(_ cloud: Cloud, _ queue: String, count: Int, attempts: Int = 5) async throws -> [ReceivedMessage] {
        var messages: [ReceivedMessage] = []
        var empty = 0
        while messages.count < count && empty < attempts {
            let batch = try await cloud.queues.receive(ReceiveRequest(queue: queue, maxMessages: 10, waitSeconds: 1))
            if batch.isEmpty { empty += 1 }
            messages += batch
        }
        return messages
    }

    @Test("send, receive and acknowledge keep the body and typed attributes", arguments: ProviderFixture.providers)
    func sendReceiveAcknowledge(provider: String) async throws {
        let cloud = try await ProviderFixture.open(provider)
        let queue = Self.name("basic")
        let url = try await cloud.queues.createQueue(QueueSpec(name: queue))
        #expect(try await cloud.queues.createQueue(QueueSpec(name: queue)) == url)
        let attributes: MessageAttributes = ["color": .string("blue"), "size": .number("12.5"), "raw": .binary(Data([0, 1, 255]))]
        let sent = try await cloud.queues.send(SendMessageRequest(queue: queue, body: "hello ✓ \n world", attributes: attributes))
        let counts = try await cloud.queues.counts(queue)
        #expect(counts.visible == 1)
        let received = try await cloud.queues.receive(ReceiveRequest(queue: queue, maxMessages: 10, waitSeconds: 1))
        let message = try #require(received.first)
        #expect(received.count == 1)
        #expect(message.messageID == sent.messageID)
        #expect(message.body == "hello ✓ \n world")
        #expect(message.attributes == attributes)
        #expect(message.receiveCount == 1)
        #expect(abs(try #require(message.sentAt).timeIntervalSinceNow) < 300)
        #expect(try await cloud.queues.counts(queue).inFlight == 1)
        try await cloud.queues.acknowledge(queue: url, receiptHandle: message.receiptHandle)
        #expect(try await cloud.queues.receive(ReceiveRequest(queue: queue, maxMessages: 10)).isEmpty)
        try await cloud.queues.deleteQueue(queue)
        #expect(await failure { _ = try await cloud.queues.send(SendMessageRequest(queue: queue, body: "x")) }?.kind == .notFound)
        await cloud.close()
    }

    @Test("an unacknowledged message comes back after its visibility timeout with a higher receive count", arguments: ProviderFixture.providers)
    func redelivery(provider: String) async throws {
        let cloud = try await ProviderFixture.open(provider)
        let queue = Self.name("redeliver")
        _ = try await cloud.queues.createQueue(QueueSpec(name: queue, visibilityTimeout: 2))
        _ = try await cloud.queues.send(SendMessageRequest(queue: queue, body: "again"))
        // The clock starts before the first receive: its 2 s may begin any time during the call.
        let asked = Date()
        let first = try #require(try await cloud.queues.receive(ReceiveRequest(queue: queue)).first)
        let meanwhile = try await cloud.queues.receive(ReceiveRequest(queue: queue))
        // On a loaded machine the 2 s may already have passed; only a prompt receive proves the message was hidden.
        if Date().timeIntervalSince(asked) < 1.5 { #expect(meanwhile.isEmpty) }
        try await Task.sleep(nanoseconds: UInt64(max(0, 2.6 - Date().timeIntervalSince(asked)) * 1_000_000_000))
        // Due back at most 2 s after the last receive; the longest wait covers a slow machine. From
        // here on a receive hides the message for 10 minutes, so no step can outlast it by accident:
        // only the change of visibility to 0 can bring it back within the wait.
        let second = try #require(try await cloud.queues.receive(ReceiveRequest(queue: queue, waitSeconds: 20, visibilityTimeout: 600)).first)
        #expect(second.messageID == first.messageID)
        #expect(second.receiveCount == 2 + meanwhile.count)
        try await cloud.queues.changeVisibility(queue: queue, receiptHandle: second.receiptHandle, seconds: 0)
        let third = try #require(try await cloud.queues.receive(ReceiveRequest(queue: queue, waitSeconds: 20, visibilityTimeout: 600)).first)
        #expect(third.receiveCount == second.receiveCount + 1)
        try await cloud.queues.acknowledge(queue: queue, receiptHandle: third.receiptHandle)
        await cloud.close()
    }

    @Test("after max receives a message moves to the dead-letter queue", arguments: ProviderFixture.providers)
    func deadLetter(provider: String) async throws {
        let cloud = try await ProviderFixture.open(provider)
        let dlq = Self.name("dlq")
        let queue = Self.name("source")
        _ = try await cloud.queues.createQueue(QueueSpec(name: dlq))
        _ = try await cloud.queues.createQueue(QueueSpec(name: queue, deadLetter: DeadLetterPolicy(queue: dlq, maxReceiveCount: 2)))
        let sent = try await cloud.queues.send(SendMessageRequest(queue: queue, body: "poison", attributes: ["k": .string("v")]))
        for expected in 1...2 {
            let message = try #require(try await cloud.queues.receive(ReceiveRequest(queue: queue, waitSeconds: 1)).first)
            #expect(message.receiveCount == expected)
            try await cloud.queues.changeVisibility(queue: queue, receiptHandle: message.receiptHandle, seconds: 0)
        }
        #expect(try await cloud.queues.receive(ReceiveRequest(queue: queue, maxMessages: 10)).isEmpty)
        let dead = try await drain(cloud, dlq, count: 1)
        #expect(dead.map(\.messageID) == [sent.messageID])
        #expect(dead.first?.body == "poison")
        #expect(dead.first?.attributes == ["k": .string("v")])
        await cloud.close()
    }

    @Test("FIFO keeps order in a group, holds a group while a message is in flight, and drops duplicates", arguments: ProviderFixture.providers)
    func fifo(provider: String) async throws {
        let cloud = try await ProviderFixture.open(provider)
        let queue = Self.name("order", fifo: true)
        _ = try await cloud.queues.createQueue(QueueSpec(name: queue, fifo: true))
        for (body, group) in [("a1", "A"), ("a2", "A"), ("b1", "B"), ("a3", "A")] {
            _ = try await cloud.queues.send(SendMessageRequest(queue: queue, body: body, groupID: group, deduplicationID: body))
        }
        let duplicate = try await cloud.queues.send(SendMessageRequest(queue: queue, body: "a1 again", groupID: "A", deduplicationID: "a1"))
        _ = duplicate
        let first = try #require(try await cloud.queues.receive(ReceiveRequest(queue: queue)).first)
        #expect(first.body == "a1")
        #expect(first.groupID == "A")
        let whileHeld = try await cloud.queues.receive(ReceiveRequest(queue: queue, maxMessages: 10))
        #expect(whileHeld.map(\.body) == ["b1"])
        try await cloud.queues.acknowledge(queue: queue, receiptHandle: first.receiptHandle)
        for message in whileHeld { try await cloud.queues.acknowledge(queue: queue, receiptHandle: message.receiptHandle) }
        var rest: [String] = []
        for _ in 0..<4 where rest.count < 2 {
            for message in try await cloud.queues.receive(ReceiveRequest(queue: queue, maxMessages: 10, waitSeconds: 1)) {
                rest.append(message.body)
                try await cloud.queues.acknowledge(queue: queue, receiptHandle: message.receiptHandle)
            }
        }
        #expect(rest == ["a2", "a3"])
        let missingGroup = await failure { _ = try await cloud.queues.send(SendMessageRequest(queue: queue, body: "x", deduplicationID: "d")) }
        #expect(missingGroup?.kind == .invalidArgument)
        await cloud.close()
    }

    @Test("a batch of any size reports each entry, a bad entry failing alone", arguments: ProviderFixture.providers)
    func batches(provider: String) async throws {
        let cloud = try await ProviderFixture.open(provider)
        let queue = Self.name("batch")
        _ = try await cloud.queues.createQueue(QueueSpec(name: queue))
        var entries = (0..<12).map { SendMessageRequest(queue: queue, body: "m\($0)") }
        entries[5].body = "bad \u{1} control"
        let results = try await cloud.queues.sendBatch(entries)
        #expect(results.map(\.index) == Array(0..<12))
        #expect(results[5].error?.kind == .invalidArgument)
        #expect(results.filter { $0.error == nil && $0.messageID != nil }.count == 11)
        let received = try await drain(cloud, queue, count: 11)
        #expect(Set(received.map(\.body)) == Set((0..<12).filter { $0 != 5 }.map { "m\($0)" }))
        let acks = try await cloud.queues.acknowledgeBatch(queue: queue, receiptHandles: received.map(\.receiptHandle))
        #expect(acks.allSatisfy { $0.error == nil })
        #expect(try await cloud.queues.counts(queue) == QueueCounts(visible: 0, inFlight: 0, delayed: 0))
        await cloud.close()
    }

    @Test("long polling waits for a message, delays hold one back, and purge empties the queue", arguments: ProviderFixture.providers)
    func waitingDelayAndPurge(provider: String) async throws {
        let cloud = try await ProviderFixture.open(provider)
        let queue = Self.name("poll")
        _ = try await cloud.queues.createQueue(QueueSpec(name: queue))
        let started = Date()
        #expect(try await cloud.queues.receive(ReceiveRequest(queue: queue, waitSeconds: 1)).isEmpty)
        #expect(Date().timeIntervalSince(started) >= 0.9)
        async let late: Void = {
            try await Task.sleep(nanoseconds: 500_000_000)
            _ = try await cloud.queues.send(SendMessageRequest(queue: queue, body: "late"))
        }()
        // The longest wait there is: the message is due after 0.5 s, but on a
        // loaded machine the task sending it may run seconds later.
        let waited = try await cloud.queues.receive(ReceiveRequest(queue: queue, waitSeconds: 20))
        try await late
        #expect(waited.map(\.body) == ["late"])
        _ = try await cloud.queues.send(SendMessageRequest(queue: queue, body: "delayed", delaySeconds: 600))
        #expect(try await cloud.queues.counts(queue).delayed == 1)
        #expect(try await cloud.queues.receive(ReceiveRequest(queue: queue)).isEmpty)
        _ = try await cloud.queues.send(SendMessageRequest(queue: queue, body: "visible"))
        try await cloud.queues.purge(queue)
        #expect(try await cloud.queues.receive(ReceiveRequest(queue: queue, maxMessages: 10)).isEmpty)
        let badWait = await failure { _ = try await cloud.queues.receive(ReceiveRequest(queue: queue, waitSeconds: 21)) }
        #expect(badWait?.kind == .invalidArgument)
        await cloud.close()
    }
}
