import CloudKit
import Foundation

/// Delivery rules: visibility and redelivery, dead letters, FIFO order, long polls, delays, purge.
enum QueueDeliveryCases {
    static let all = [redelivery, deadLetter, fifoOrder, waitingDelayAndPurge]

    static let redelivery = ConformanceCase(
        .queue, "redelivery", "an unacknowledged message comes back after its visibility timeout, or at once when made visible, counting receives",
        needs: .on(.queue, "create_queue", "send", "receive", "change_visibility", "ack")
    ) { context in
        let queues = context.cloud.queues
        let queue = context.messagingName("redeliver")
        try await context.queue(QueueSpec(name: queue, visibilityTimeout: 2))
        _ = try await queues.send(SendMessageRequest(queue: queue, body: "again"))
        // The clock starts before the first receive: its 2 s may begin any time during the call.
        let asked = ContinuousClock.now
        let first = try require(try await queues.receive(ReceiveRequest(queue: queue)).first, "the message sent")
        let meanwhile = try await queues.receive(ReceiveRequest(queue: queue))
        // On a loaded machine the 2 s may already have passed; only a prompt receive proves the message was hidden.
        if ContinuousClock.now - asked < .milliseconds(1500) { try expectEqual(meanwhile.count, 0, "messages received while the only one was hidden") }
        try await Task.sleep(until: asked + .milliseconds(2600), clock: .continuous)
        // Due back at most 2 s after the last receive; the longest wait covers a slow machine. From
        // here on a receive hides the message for 10 minutes, so no step can outlast it by accident:
        // only the change of visibility to 0 can bring it back within the wait.
        let second = try require(
            try await queues.receive(ReceiveRequest(queue: queue, waitSeconds: 20, visibilityTimeout: 600)).first, "the message after its timeout")
        try expectEqual(second.messageID, first.messageID, "message id of the redelivery")
        try expectEqual(second.receiveCount, 2 + meanwhile.count, "receive count of the redelivery")
        try await queues.changeVisibility(queue: queue, receiptHandle: second.receiptHandle, seconds: 0)
        let third = try require(
            try await queues.receive(ReceiveRequest(queue: queue, waitSeconds: 20, visibilityTimeout: 600)).first, "the message made visible")
        try expectEqual(third.receiveCount, second.receiveCount + 1, "receive count after the change of visibility")
        try await queues.acknowledge(queue: queue, receiptHandle: third.receiptHandle)
    }

    static let deadLetter = ConformanceCase(
        .queue, "dead-letter", "after its maximum receives a message moves to the dead-letter queue, body and attributes intact",
        needs: .on(.queue, "create_queue", "send", "receive", "change_visibility")
    ) { context in
        let queues = context.cloud.queues
        let dlq = context.messagingName("dlq")
        let queue = context.messagingName("source")
        try await context.queue(QueueSpec(name: dlq))
        try await context.queue(QueueSpec(name: queue, deadLetter: DeadLetterPolicy(queue: dlq, maxReceiveCount: 2)))
        let sent = try await queues.send(SendMessageRequest(queue: queue, body: "poison", attributes: ["k": .string("v")]))
        for expected in 1...2 {
            let message = try require(try await queues.receive(ReceiveRequest(queue: queue, waitSeconds: 1)).first, "receive \(expected) of the message")
            try expectEqual(message.receiveCount, expected, "receive count")
            try await queues.changeVisibility(queue: queue, receiptHandle: message.receiptHandle, seconds: 0)
        }
        try expectEqual(try await queues.receive(ReceiveRequest(queue: queue, maxMessages: 10)).count, 0, "messages left in the source queue")
        let dead = try await QueueCases.drain(queues, dlq, count: 1)
        try expectEqual(dead.map(\.messageID), [sent.messageID], "messages in the dead-letter queue")
        try expectEqual(dead.first?.body, "poison", "body in the dead-letter queue")
        try expectEqual(dead.first?.attributes, ["k": .string("v")], "attributes in the dead-letter queue")
    }

    static let fifoOrder = ConformanceCase(
        .queue, "fifo-order", "a FIFO queue keeps order in a group, holds a group while a message is in flight, and drops duplicates",
        needs: .on(.queue, "create_queue", "send", "receive", "ack").flag(.queue, "fifo")
    ) { context in
        let queues = context.cloud.queues
        let queue = context.messagingName("order", fifo: true)
        try await context.queue(QueueSpec(name: queue, fifo: true))
        for (body, group) in [("a1", "A"), ("a2", "A"), ("b1", "B"), ("a3", "A")] {
            _ = try await queues.send(SendMessageRequest(queue: queue, body: body, groupID: group, deduplicationID: body))
        }
        _ = try await queues.send(SendMessageRequest(queue: queue, body: "a1 again", groupID: "A", deduplicationID: "a1"))
        let first = try require(try await queues.receive(ReceiveRequest(queue: queue)).first, "the first message")
        try expectEqual(first.body, "a1", "first message")
        try expectEqual(first.groupID, "A", "group of the first message")
        let whileHeld = try await queues.receive(ReceiveRequest(queue: queue, maxMessages: 10))
        try expectEqual(whileHeld.map(\.body), ["b1"], "messages received while group A is in flight")
        try await queues.acknowledge(queue: queue, receiptHandle: first.receiptHandle)
        for message in whileHeld { try await queues.acknowledge(queue: queue, receiptHandle: message.receiptHandle) }
        var rest: [String] = []
        for _ in 0..<4 where rest.count < 2 {
            for message in try await queues.receive(ReceiveRequest(queue: queue, maxMessages: 10, waitSeconds: 1)) {
                rest.append(message.body)
                try await queues.acknowledge(queue: queue, receiptHandle: message.receiptHandle)
            }
        }
        try expectEqual(rest, ["a2", "a3"], "the rest of group A, the duplicate dropped")
        try await expectError(.invalidArgument, "send to a FIFO queue without a group") {
            try await queues.send(SendMessageRequest(queue: queue, body: "x", deduplicationID: "d"))
        }
    }

    static let waitingDelayAndPurge = ConformanceCase(
        .queue, "long-poll-delay-purge", "a long poll waits for a message, a delay holds one back, purge empties the queue; a 21 s wait is invalid",
        needs: .on(.queue, "create_queue", "send", "receive", "counts", "purge")
    ) { context in
        let queues = context.cloud.queues
        let queue = context.messagingName("poll")
        try await context.queue(QueueSpec(name: queue))
        let started = ContinuousClock.now
        try expectEqual(try await queues.receive(ReceiveRequest(queue: queue, waitSeconds: 1)).count, 0, "messages of an empty queue")
        let polled = ContinuousClock.now - started
        try expect(polled >= .milliseconds(900), "a 1 s long poll of an empty queue returned after \(polled)")
        async let late: Void = {
            try await Task.sleep(nanoseconds: 500_000_000)
            _ = try await queues.send(SendMessageRequest(queue: queue, body: "late"))
        }()
        // The longest wait there is: the message is due after 0.5 s, but on a
        // loaded machine the task sending it may run seconds later.
        let waited = try await queues.receive(ReceiveRequest(queue: queue, waitSeconds: 20))
        try await late
        try expectEqual(waited.map(\.body), ["late"], "messages a long poll waited for")
        _ = try await queues.send(SendMessageRequest(queue: queue, body: "delayed", delaySeconds: 600))
        try expectEqual(try await queues.counts(queue).delayed, 1, "delayed messages")
        try expectEqual(try await queues.receive(ReceiveRequest(queue: queue)).count, 0, "messages received while the only one is delayed")
        _ = try await queues.send(SendMessageRequest(queue: queue, body: "visible"))
        try await queues.purge(queue)
        try expectEqual(try await queues.receive(ReceiveRequest(queue: queue, maxMessages: 10)).count, 0, "messages after a purge")
        try await expectError(.invalidArgument, "receive waiting 21 s") { try await queues.receive(ReceiveRequest(queue: queue, waitSeconds: 21)) }
    }
}
