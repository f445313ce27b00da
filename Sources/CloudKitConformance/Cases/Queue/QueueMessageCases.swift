import CloudKit
import Foundation

/// Queues and their messages: listing, sending, receiving, acknowledging, batches.
enum QueueMessageCases {
    static let all = [listQueues, sendReceiveAcknowledge, batches]

    static let listQueues = ConformanceCase(
        .queue, "list-queues", "queues list by prefix, in pages of 2, in ascending order, the URL as identifier; a page of 5000 is invalid argument",
        needs: .on(.queue, "create_queue", "delete_queue", "list_queues")
    ) { context in
        let queues = context.cloud.queues
        let names = [context.name("b"), context.name("a"), context.name("c")]
        var urls: [String: String] = [:]
        for name in names { urls[name] = try await context.queue(QueueSpec(name: name)) }
        let listed = try await queues.allQueues(prefix: context.prefix, pageSize: 2).collect()
        try expectEqual(listed.map(\.name), names.sorted(), "queues under the prefix")
        for queue in listed { try expectEqual(queue.identifier, urls[queue.name], "identifier of queue \(queue.name)") }
        try await expectError(.invalidArgument, "list of queues in pages of 5000") { try await queues.listQueues(ListResourcesRequest(maxItems: 5000)) }
    }

    static let sendReceiveAcknowledge = ConformanceCase(
        .queue, "send-receive-ack", "send, receive and acknowledge keep the body and typed attributes; counts follow; a deleted queue is not found",
        needs: .on(.queue, "create_queue", "delete_queue", "send", "receive", "ack", "counts")
    ) { context in
        let queues = context.cloud.queues
        let queue = context.messagingName("basic")
        let url = try await context.queue(QueueSpec(name: queue))
        try expectEqual(try await queues.createQueue(QueueSpec(name: queue)), url, "URL of a queue created again with the same settings")
        let attributes: MessageAttributes = ["color": .string("blue"), "size": .number("12.5"), "raw": .binary(Data([0, 1, 255]))]
        let sent = try await queues.send(SendMessageRequest(queue: queue, body: "hello ✓ \n world", attributes: attributes))
        try expectEqual(try await queues.counts(queue).visible, 1, "visible messages after a send")
        let received = try await queues.receive(ReceiveRequest(queue: queue, maxMessages: 10, waitSeconds: 1))
        try expectEqual(received.count, 1, "messages received")
        let message = try require(received.first, "the message sent")
        try expectEqual(message.messageID, sent.messageID, "message id")
        try expectEqual(message.body, "hello ✓ \n world", "body")
        try expectEqual(message.attributes, attributes, "attributes")
        try expectEqual(message.receiveCount, 1, "receive count")
        let sentAt = try require(message.sentAt, "sent time")
        try expect(abs(sentAt.timeIntervalSinceNow) < 300, "sent time \(sentAt) is not within 5 minutes of now")
        try expectEqual(try await queues.counts(queue).inFlight, 1, "messages in flight after a receive")
        try await queues.acknowledge(queue: url, receiptHandle: message.receiptHandle)
        try expectEqual(try await queues.receive(ReceiveRequest(queue: queue, maxMessages: 10)).count, 0, "messages after the acknowledgement")
        try await queues.deleteQueue(queue)
        try await expectError(.notFound, "send to a deleted queue") { try await queues.send(SendMessageRequest(queue: queue, body: "x")) }
    }

    static let batches = ConformanceCase(
        .queue, "batches", "a batch of any size reports each entry, a bad entry failing alone; a batch acknowledgement empties the queue",
        needs: .on(.queue, "create_queue", "send_batch", "receive", "ack_batch", "counts")
    ) { context in
        let queues = context.cloud.queues
        let queue = context.messagingName("batch")
        try await context.queue(QueueSpec(name: queue))
        var entries = (0..<12).map { SendMessageRequest(queue: queue, body: "m\($0)") }
        entries[5].body = "bad \u{1} control"
        let results = try await queues.sendBatch(entries)
        try expectEqual(results.map(\.index), Array(0..<12), "indexes of the batch results")
        try expectEqual(results[5].error?.kind, .invalidArgument, "kind of the entry with a control character")
        try expectEqual(results.filter { $0.error == nil && $0.messageID != nil }.count, 11, "entries sent")
        let received = try await QueueCases.drain(queues, queue, count: 11)
        try expectEqual(Set(received.map(\.body)), Set((0..<12).filter { $0 != 5 }.map { "m\($0)" }), "bodies received")
        let acks = try await queues.acknowledgeBatch(queue: queue, receiptHandles: received.map(\.receiptHandle))
        try expect(acks.allSatisfy { $0.error == nil }, "acknowledgements failed: \(acks.compactMap(\.error))")
        try expectEqual(try await queues.counts(queue), QueueCounts(visible: 0, inFlight: 0, delayed: 0), "counts after acknowledging all")
    }
}
