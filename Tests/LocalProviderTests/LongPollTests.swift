import CloudKitModel
import CloudKitTestSupport
import Foundation
@testable import LocalProvider
import Testing

/// Long polls wait without holding a thread: many of them never hold up
/// other calls, and they wake for messages from this process, from another
/// connection (another process) and for delayed messages.
@Suite("Local long polls")
struct LongPollTests {
    let root = KeyValueTestRoot()

    func client() throws -> LocalClient {
        try LocalProviderDefinition.open(options: ["root": root.path], environment: [:], logger: .silent)
    }

    /// Longer than any test runs, so that no poll ends on its own, however
    /// slow the machine: only a message or cancelling ends one.
    static let longWait: TimeInterval = 3600

    /// A receive of `queue` that waits `longWait`, once it is parked (waiting, not looking).
    func waitingReceive(_ queues: LocalMessageQueues, _ queue: String) async throws -> Task<[ReceivedMessage], any Error> {
        let poll = Task { try await queues.receive(ReceiveRequest(queue: queue), waitingUpTo: Self.longWait) }
        while queues.wakeups.waitingCount(on: queue) == 0 { try await Task.sleep(for: .milliseconds(5)) }
        return poll
    }

    @Test("a put, a get and a create-bucket complete while 1,000 long polls wait on the same client; cancelling ends every poll")
    func thousandPollsHoldNothingUp() async throws {
        let client = try client()
        let queues = client.messageQueues
        let storage = client.objectStore
        _ = try await queues.createQueue(QueueSpec(name: "idle"))
        try await storage.createBucket("busy")
        let polls = LongPolls(1000) { _ = try await queues.receive(ReceiveRequest(queue: "idle"), waitingUpTo: Self.longWait) }
        // Wait for the event "all 1,000 are parked" (a poll ending first would be the failure).
        while queues.wakeups.waitingCount(on: "idle") < 1000 && polls.ended.value == 0 {
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(queues.wakeups.waitingCount(on: "idle") == 1000)

        let body = pattern(300_000)
        let stored = try await storage.putObject(PutObjectRequest(bucket: "busy", key: "while/polls/wait", body: .bytes(body)))
        let read = try await storage.getObject(GetObjectRequest(bucket: "busy", key: "while/polls/wait"))
        try await storage.createBucket("made-while-polls-wait")
        #expect(read.data == body)
        #expect(read.info.etag == stored.etag)
        // The calls completed before any poll did: all 1,000 still wait.
        #expect(polls.ended.value == 0)
        #expect(queues.wakeups.waitingCount(on: "idle") == 1000)

        polls.cancel()
        let kinds = await polls.outcomes()
        #expect(kinds.count == 1000)
        #expect(kinds.allSatisfy { $0 == .cancelled }, "every poll ends with cancelled: \(Set(kinds.map { "\(String(describing: $0))" }))")
        #expect(queues.wakeups.waitingCount(on: "idle") == 0)
    }

    @Test("a waiting receive gets a message sent in this process, one published to a topic, and one made visible later")
    func wakesForMessagesOfThisProcess() async throws {
        let client = try client()
        let queues = client.messageQueues
        _ = try await queues.createQueue(QueueSpec(name: "inbox"))
        for round in 0..<3 {
            let poll = try await waitingReceive(queues, "inbox")
            switch round {
            case 0:
                _ = try await queues.send(SendMessageRequest(queue: "inbox", body: "sent"))
            case 1:
                _ = try await client.topics.createTopic(TopicSpec(name: "news"))
                _ = try await client.topics.subscribe(SubscribeRequest(topic: "news", queue: "inbox", rawDelivery: true))
                _ = try await client.topics.publish(PublishRequest(topic: "news", message: "published"))
            default:
                _ = try await queues.send(SendMessageRequest(queue: "inbox", body: "delayed", delaySeconds: 1))
            }
            let got = try await poll.value
            let expected: [[String]] = [["sent"], ["published"], ["delayed"]]
            #expect(got.map(\.body) == expected[round])
            for message in got { try await queues.acknowledge(queue: "inbox", receiptHandle: message.receiptHandle) }
        }
    }

    @Test("a waiting receive gets a message that another process (another connection, no notification) adds")
    func wakesForAnotherProcess() async throws {
        let queues = try client().messageQueues
        _ = try await queues.createQueue(QueueSpec(name: "shared"))
        let poll = try await waitingReceive(queues, "shared")
        // What another process's send does: a write on a connection of its own, and no in-process wake-up.
        let other = try SQLiteDatabase(path: LocalRoot(path: root.path).databasePath)
        try other.transaction(.immediate) { () throws(CloudError) in
            let record = try QueueRecord.require("shared", other)
            let message = MessageEnqueuer.Message(body: "from afar", attributes: [:], delaySeconds: nil, groupID: nil, deduplicationID: nil)
            _ = try MessageEnqueuer.enqueue(message, into: record, now: MessagingSchema.milliseconds(Date()), other)
        }
        #expect(try await poll.value.map(\.body) == ["from afar"])
    }

    @Test("a receive whose task is cancelled while it waits ends with cancelled and leaves no waiter")
    func cancelledWhileWaiting() async throws {
        let queues = try client().messageQueues
        _ = try await queues.createQueue(QueueSpec(name: "quiet"))
        let poll = try await waitingReceive(queues, "quiet")
        poll.cancel()
        do {
            _ = try await poll.value
            Issue.record("a cancelled receive returned")
        } catch {
            #expect((error as? CloudError)?.kind == .cancelled, "\(error)")
        }
        #expect(queues.wakeups.waitingCount(on: "quiet") == 0)
    }
}
