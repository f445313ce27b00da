import CCloudKitABI
import CloudKitABI
import CloudKitModel
import Foundation
import Testing

/// The queue and pub/sub codecs: what one side writes, the other reads back
/// the same; what the ABI forbids is refused by name.
@Suite("Messaging codecs")
struct MessagingCodecTests {
    static let attributes: MessageAttributes = [
        "colour": .string("blue"), "count": .number("-12.50"), "blob": .binary(Data([0, 0xFF, 0x80, 10])),
    ]
    static let sentAt = Date(timeIntervalSince1970: 1_700_000_000.123)

    // MARK: Attributes

    @Test("attributes of all three types round-trip, written sorted by name")
    func attributeRoundTrip() throws {
        let arena = CArena()
        let (list, count) = MessageAttributeCodec.write(Self.attributes, arena)
        #expect(count == 3)
        #expect(try ABIInput.string(list?[0]?.pointee.name, "name") == "blob")
        #expect(try MessageAttributeCodec.read(list, count, "attributes") == Self.attributes)
        #expect(try MessageAttributeCodec.read(list, count, "attributes", unknownTail: .ignore) == Self.attributes)
        let (none, zero) = MessageAttributeCodec.write([:], arena)
        #expect(none == nil && zero == 0)
        #expect(try MessageAttributeCodec.read(nil, 0, "attributes").isEmpty)
    }

    @Test("a bad attribute is refused naming it: unknown type, name twice, NULL name or bytes, short struct, NULL array")
    func attributeRefusals() throws {
        func refused(_ attributes: [ck_attribute], _ expected: String) {
            let arena = CArena()
            let list = attributes.map { UnsafePointer(arena.value($0)) as UnsafePointer<ck_attribute>? }
            let error = #expect(throws: CloudError.self) { try MessageAttributeCodec.read(arena.array(list), list.count, "request.attributes") }
            #expect(error?.kind == .invalidArgument)
            #expect(error?.message.contains(expected) == true, "\(error?.message ?? "") lacks \(expected)")
        }
        let arena = CArena()
        func attribute(_ name: String?, _ type: String, text: String? = nil) -> ck_attribute {
            var c = ck_attribute()
            c.struct_size = MemoryLayout<ck_attribute>.size
            c.name = arena.string(name)
            c.type = arena.string(type)
            c.string_value = arena.string(text)
            return c
        }
        refused([attribute("a", "Colour", text: "x")], "'Colour'")
        refused([attribute("a", "String", text: "x"), attribute("a", "String", text: "y")], "'a' twice")
        refused([attribute(nil, "String", text: "x")], "request.attributes[0].name is required")
        refused([attribute("a", "Number", text: "ten")], "decimal")
        var hollow = attribute("b", "Binary")
        hollow.binary_length = 4
        refused([attribute("a", "String", text: "x"), hollow], "request.attributes[1].binary_value is NULL")
        var short = attribute("a", "String", text: "x")
        short.struct_size = ck_attribute.firstSize - 1
        refused([short], "ck_attribute")
        let error = #expect(throws: CloudError.self) { try MessageAttributeCodec.read(nil, 2, "request.attributes") }
        #expect(error?.message.contains("request.attributes is NULL") == true)
    }

    // MARK: Queue requests

    @Test("a queue spec round-trips; nil seconds travel as -1 and read back as nil")
    func queueSpecRoundTrip() throws {
        let arena = CArena()
        let fifo = QueueSpec(
            name: "q.fifo", fifo: true, contentBasedDeduplication: true, visibilityTimeout: 0, retentionSeconds: 120, delaySeconds: 5,
            deadLetter: DeadLetterPolicy(queue: "dlq.fifo", maxReceiveCount: 3))
        var c = QueueSpecCodec.write(fifo, arena)
        #expect(try QueueSpecCodec.read(&c) == fifo)
        var defaults = QueueSpecCodec.write(QueueSpec(name: "q"), arena)
        #expect(defaults.visibility_timeout_seconds == -1 && defaults.retention_seconds == -1 && defaults.delay_seconds == -1)
        #expect(defaults.dead_letter_queue == nil)
        #expect(try QueueSpecCodec.read(&defaults) == QueueSpec(name: "q"))
        defaults.delay_seconds = -2
        let error = #expect(throws: CloudError.self) { try QueueSpecCodec.read(&defaults) }
        #expect(error?.message.contains("spec.delay_seconds") == true)
    }

    @Test("send requests round-trip alone and in batches: FIFO fields, attributes, -1 delay, UTF-8 body")
    func sendRoundTrip() throws {
        let arena = CArena()
        let fifo = SendMessageRequest(
            queue: "q.fifo", body: "héllo ✓", attributes: Self.attributes, delaySeconds: nil, groupID: "g1", deduplicationID: "d1")
        let plain = SendMessageRequest(queue: "q", body: "", delaySeconds: 7)
        let written = SendRequestCodec.write(fifo, arena)
        #expect(written.pointee.delay_seconds == -1)
        #expect(try SendRequestCodec.read(written) == fifo)
        let (list, count) = SendRequestCodec.write([fifo, plain], arena)
        #expect(try SendRequestCodec.read(list, count) == [fifo, plain])
        #expect(try SendRequestCodec.read(nil, 0).isEmpty)
    }

    @Test("a send body that is not UTF-8, a NULL batch or entry, is refused naming it")
    func sendRefusals() throws {
        let arena = CArena()
        var c = SendRequestCodec.write(SendMessageRequest(queue: "q", body: "x"), arena).pointee
        let bad: [UInt8] = [0xC3, 0x28]
        let error = bad.withUnsafeBufferPointer { bytes in
            c.body = bytes.baseAddress
            c.body_length = bytes.count
            return #expect(throws: CloudError.self) { try SendRequestCodec.read(&c) }
        }
        #expect(error?.message == "request.body is not valid UTF-8")
        let nullArray = #expect(throws: CloudError.self) { try SendRequestCodec.read(nil, 3) }
        #expect(nullArray?.message == "entries is NULL but its count is 3")
        let entries: [UnsafePointer<ck_send_request>?] = [SendRequestCodec.write(SendMessageRequest(queue: "q", body: "x"), arena), nil]
        let nullEntry = #expect(throws: CloudError.self) { try SendRequestCodec.read(arena.array(entries), 2) }
        #expect(nullEntry?.message.contains("entries[1] is required") == true)
    }

    @Test("a receive request round-trips; a nil visibility timeout travels as -1")
    func receiveRoundTrip() throws {
        let arena = CArena()
        let request = ReceiveRequest(queue: "q", maxMessages: 10, waitSeconds: 20, visibilityTimeout: 0)
        var c = ReceiveRequestCodec.write(request, arena)
        #expect(try ReceiveRequestCodec.read(&c) == request)
        var defaults = ReceiveRequestCodec.write(ReceiveRequest(queue: "q"), arena)
        #expect(defaults.visibility_timeout_seconds == -1)
        #expect(try ReceiveRequestCodec.read(&defaults) == ReceiveRequest(queue: "q"))
    }

    @Test("every queue request refuses a short struct, an unknown non-zero tail, NULL where required and any option")
    func queueRequestRefusals() throws {
        let arena = CArena()
        try RequestRefusals(
            valid: QueueSpecCodec.write(QueueSpec(name: "q"), arena), required: \.name, requiredName: "spec.name",
            options: \.options, optionCount: \.option_count, operation: "create_queue", read: { _ = try QueueSpecCodec.read($0) }
        ).check()
        try RequestRefusals(
            valid: SendRequestCodec.write(SendMessageRequest(queue: "q", body: "b", attributes: Self.attributes), arena).pointee,
            required: \.queue, requiredName: "request.queue", options: \.options, optionCount: \.option_count, operation: "send",
            read: { _ = try SendRequestCodec.read($0) }
        ).check()
        try RequestRefusals(
            valid: ReceiveRequestCodec.write(ReceiveRequest(queue: "q"), arena), required: \.queue, requiredName: "queue",
            options: \.options, optionCount: \.option_count, operation: "receive", read: { _ = try ReceiveRequestCodec.read($0) }
        ).check()
    }

    // MARK: Queue results

    @Test("received messages round-trip: binary body text, attributes, FIFO group, sent time, absent fields")
    func messageRoundTrip() throws {
        let arena = CArena()
        let messages = [
            ReceivedMessage(
                messageID: "m1", body: "ünïcode", receiptHandle: "r1", receiveCount: 2, attributes: Self.attributes, groupID: "g1",
                sentAt: Self.sentAt),
            ReceivedMessage(messageID: "m2", body: "", receiptHandle: "r2", receiveCount: 1),
        ]
        let (list, count) = MessageCodec.write(messages, arena)
        #expect(list?[1]?.pointee.sent_ms == 0 && list?[1]?.pointee.group_id == nil)
        #expect(try MessageCodec.read(list, count) == messages)
        #expect(try MessageCodec.read(nil, 0).isEmpty)
        let missing = #expect(throws: CloudError.self) { try MessageCodec.read(nil, 1) }
        #expect(missing?.kind == .internal)
    }

    @Test("the host ignores a result's unknown tail (a newer provider's members) but still needs its required members")
    func messageUnknownTail() throws {
        let arena = CArena()
        let message = ReceivedMessage(messageID: "m", body: "b", receiptHandle: "r", receiveCount: 1)
        let (list, _) = MessageCodec.write([message], arena)
        var padded = try Padded(#require(list?[0]?.pointee))
        padded.setSize(MemoryLayout<ck_message>.size + 16)
        padded.tail = (1, 2)
        let read = try padded.withPointer { pointer in
            var entries: [UnsafePointer<ck_message>?] = [pointer]
            return try MessageCodec.read(&entries, 1)
        }
        #expect(read == [message])
        padded.value.receipt_handle = nil
        let error = padded.withPointer { pointer in
            var entries: [UnsafePointer<ck_message>?] = [pointer]
            return #expect(throws: CloudError.self) { try MessageCodec.read(&entries, 1) }
        }
        #expect(error?.kind == .internal, "a malformed result is the provider's fault")
        #expect(error?.message.contains("messages[0].receipt_handle") == true)
    }

    @Test("batch entries round-trip with their own statuses, sorted by index")
    func batchRoundTrip() throws {
        let arena = CArena()
        let entries = [
            BatchEntryResult(index: 2, error: CloudError(.invalidArgument, "bad body", code: "InvalidMessageContents")),
            BatchEntryResult(index: 0, messageID: "m0"),
            BatchEntryResult(index: 1, messageID: "m1"),
        ]
        let (list, count) = BatchEntryCodec.write(entries, arena)
        #expect(try BatchEntryCodec.read(list, count) == entries.sorted { $0.index < $1.index })
        #expect(try BatchEntryCodec.read(nil, 0).isEmpty)
    }

    @Test("queue counts and a sent message round-trip; none is internal")
    func countsAndSent() throws {
        let arena = CArena()
        let counts = QueueCounts(visible: 3, inFlight: 2, delayed: 1)
        #expect(try QueueCountsCodec.read(QueueCountsCodec.write(counts, arena)) == counts)
        #expect((#expect(throws: CloudError.self) { try QueueCountsCodec.read(nil) })?.kind == .internal)
        let sent = SentMessage(messageID: "m", sequenceNumber: "000001")
        let (id, sequence) = SentMessageCodec.write(sent, arena)
        #expect(try SentMessageCodec.read(id, sequence) == sent)
        let (plainID, none) = SentMessageCodec.write(SentMessage(messageID: "m"), arena)
        #expect(try SentMessageCodec.read(plainID, none) == SentMessage(messageID: "m"))
        #expect(throws: CloudError.self) { try SentMessageCodec.read(nil, nil) }
    }

    // MARK: Pub/sub

    @Test("topic specs, publish (alone and batched) and subscribe requests round-trip")
    func pubsubRequestRoundTrip() throws {
        let arena = CArena()
        let topic = TopicSpec(name: "t.fifo", fifo: true, contentBasedDeduplication: true)
        var spec = TopicSpecCodec.write(topic, arena)
        #expect(try TopicSpecCodec.read(&spec) == topic)
        let fifo = PublishRequest(topic: "t.fifo", message: "hi", subject: "s", attributes: Self.attributes, groupID: "g", deduplicationID: "d")
        let plain = PublishRequest(topic: "t", message: "")
        #expect(try PublishRequestCodec.read(PublishRequestCodec.write(fifo, arena)) == fifo)
        let (list, count) = PublishRequestCodec.write([fifo, plain], arena)
        #expect(try PublishRequestCodec.read(list, count) == [fifo, plain])
        let nullArray = #expect(throws: CloudError.self) { try PublishRequestCodec.read(nil, 2) }
        #expect(nullArray?.message == "entries is NULL but its count is 2")
        for request in [SubscribeRequest(topic: "t", queue: "q", rawDelivery: true, filterPolicyJSON: #"{"colour":["blue"]}"#),
                        SubscribeRequest(topic: "t", queue: "q")] {
            var c = SubscribeRequestCodec.write(request, arena)
            #expect(try SubscribeRequestCodec.read(&c) == request)
        }
    }

    @Test("every pub/sub request refuses a short struct, an unknown non-zero tail, NULL where required and any option")
    func pubsubRequestRefusals() throws {
        let arena = CArena()
        try RequestRefusals(
            valid: TopicSpecCodec.write(TopicSpec(name: "t"), arena), required: \.name, requiredName: "spec.name",
            options: \.options, optionCount: \.option_count, operation: "create_topic", read: { _ = try TopicSpecCodec.read($0) }
        ).check()
        let publish = PublishRequestCodec.write(PublishRequest(topic: "t", message: "m"), arena).pointee
        try RequestRefusals(
            valid: publish, required: \.topic, requiredName: "request.topic", options: \.options, optionCount: \.option_count,
            operation: "publish", read: { _ = try PublishRequestCodec.read($0) }
        ).check()
        try RequestRefusals(
            valid: publish, required: \.message, requiredName: "request.message", options: \.options, optionCount: \.option_count,
            operation: "publish", read: { _ = try PublishRequestCodec.read($0) }
        ).check()
        try RequestRefusals(
            valid: SubscribeRequestCodec.write(SubscribeRequest(topic: "t", queue: "q"), arena), required: \.queue, requiredName: "queue",
            options: \.options, optionCount: \.option_count, operation: "subscribe", read: { _ = try SubscribeRequestCodec.read($0) }
        ).check()
    }

    @Test("a subscription page round-trips; a missing required member is refused naming it")
    func subscriptionRoundTrip() throws {
        let arena = CArena()
        let page = SubscriptionPage(subscriptions: [
            Subscription(id: "arn:s1", topic: "arn:t", protocol: "sqs", endpoint: "arn:q", rawDelivery: true, filterPolicyJSON: #"{"a":["b"]}"#),
            Subscription(id: "arn:s2", topic: "arn:t", protocol: "sqs", endpoint: "arn:q2", rawDelivery: false, filterPolicyJSON: nil),
        ], nextPageToken: "next")
        let (list, count, token) = SubscriptionCodec.write(page, arena)
        #expect(try SubscriptionCodec.read(list, count, token) == page)
        let (empty, zero, none) = SubscriptionCodec.write(SubscriptionPage(subscriptions: [], nextPageToken: nil), arena)
        #expect(try SubscriptionCodec.read(empty, zero, none) == SubscriptionPage(subscriptions: [], nextPageToken: nil))
        list?[1].map { UnsafeMutablePointer(mutating: $0).pointee.endpoint = nil }
        let error = #expect(throws: CloudError.self) { try SubscriptionCodec.read(list, count, token) }
        #expect(error?.kind == .internal)
        #expect(error?.message.contains("subscriptions[1].endpoint is required") == true)
    }
}
