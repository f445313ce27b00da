import CCloudKitABI
import CloudKitABI
import Foundation

/// Message values between Swift and C on the host side.
enum ABIMessageValues {
    /// Copies C attributes; malformed ones are skipped (the provider validated them).
    static func attributes(_ list: UnsafePointer<UnsafePointer<ck_attribute>?>?, _ count: Int) -> MessageAttributes {
        guard let list else { return [:] }
        var result: MessageAttributes = [:]
        for index in 0..<count {
            guard let c = list[index]?.pointee, let name = CText.string(c.name), let type = CText.string(c.type) else { continue }
            let bytes = c.binary_value.map { Data(bytes: $0, count: c.binary_length) }
            if let value = try? MessageAttributeValue.make(type: type, text: CText.string(c.string_value), bytes: bytes) {
                result[name] = value
            }
        }
        return result
    }

    static func seconds(_ value: Int?) -> Int32 {
        guard let value else { return -1 }
        return Int32(clamping: value)
    }

    /// A send request in `arena`; the body's bytes live in the arena too.
    static func send(_ request: SendMessageRequest, _ arena: CArena) -> UnsafePointer<ck_send_request> {
        let (attributes, count) = arena.attributes(request.attributes)
        let body = Array(request.body.utf8)
        return UnsafePointer(arena.value(ck_send_request(
            struct_size: MemoryLayout<ck_send_request>.size, queue: arena.string(request.queue),
            body: UnsafePointer(arena.array(body)), body_length: body.count, attributes: attributes, attribute_count: count,
            delay_seconds: seconds(request.delaySeconds), group_id: arena.string(request.groupID),
            deduplication_id: arena.string(request.deduplicationID), options: nil, option_count: 0)))
    }

    static func publish(_ request: PublishRequest, _ arena: CArena) -> UnsafePointer<ck_publish_request> {
        let (attributes, count) = arena.attributes(request.attributes)
        return UnsafePointer(arena.value(ck_publish_request(
            struct_size: MemoryLayout<ck_publish_request>.size, topic: arena.string(request.topic), message: arena.string(request.message),
            subject: arena.string(request.subject), attributes: attributes, attribute_count: count,
            group_id: arena.string(request.groupID), deduplication_id: arena.string(request.deduplicationID), options: nil, option_count: 0)))
    }

    // MARK: Callbacks

    static let stringCallback: ck_string_fn = { userData, status, value in
        if let error = ABIStatus.error(status) {
            ABICompletion<String>.finish(userData, .failure(error))
        } else {
            ABICompletion<String>.finish(userData, .success(CText.string(value) ?? ""))
        }
    }

    static let sentCallback: ck_sent_fn = { userData, status, messageID, sequence in
        if let error = ABIStatus.error(status) {
            ABICompletion<SentMessage>.finish(userData, .failure(error))
        } else {
            ABICompletion<SentMessage>.finish(userData, .success(SentMessage(messageID: CText.string(messageID) ?? "", sequenceNumber: CText.string(sequence))))
        }
    }

    static let batchCallback: ck_batch_fn = { userData, status, entries, count in
        if let error = ABIStatus.error(status) {
            ABICompletion<[BatchEntryResult]>.finish(userData, .failure(error))
            return
        }
        var results: [BatchEntryResult] = []
        for position in 0..<count {
            guard let entry = entries?[position]?.pointee else { continue }
            results.append(BatchEntryResult(index: entry.index, messageID: CText.string(entry.message_id), error: ABIStatus.error(entry.status)))
        }
        ABICompletion<[BatchEntryResult]>.finish(userData, .success(results.sorted { $0.index < $1.index }))
    }

    static let messagesCallback: ck_messages_fn = { userData, status, messages, count in
        if let error = ABIStatus.error(status) {
            ABICompletion<[ReceivedMessage]>.finish(userData, .failure(error))
            return
        }
        var result: [ReceivedMessage] = []
        for position in 0..<count {
            guard let c = messages?[position]?.pointee else { continue }
            let body = c.body.map { String(decoding: UnsafeBufferPointer(start: $0, count: c.body_length), as: UTF8.self) } ?? ""
            result.append(ReceivedMessage(
                messageID: CText.string(c.message_id) ?? "", body: body, receiptHandle: CText.string(c.receipt_handle) ?? "",
                receiveCount: Int(c.receive_count), attributes: attributes(c.attributes, c.attribute_count),
                groupID: CText.string(c.group_id), sentAt: c.sent_ms == 0 ? nil : Date(timeIntervalSince1970: Double(c.sent_ms) / 1000)))
        }
        ABICompletion<[ReceivedMessage]>.finish(userData, .success(result))
    }

    static let countsCallback: ck_queue_counts_fn = { userData, status, counts in
        if let error = ABIStatus.error(status) {
            ABICompletion<QueueCounts>.finish(userData, .failure(error))
        } else if let c = counts?.pointee {
            ABICompletion<QueueCounts>.finish(userData, .success(QueueCounts(visible: Int(c.visible), inFlight: Int(c.in_flight), delayed: Int(c.delayed))))
        } else {
            ABICompletion<QueueCounts>.finish(userData, .failure(.internal("counts completed without counts")))
        }
    }

    static let subscriptionsCallback: ck_subscriptions_fn = { userData, status, list, count, token in
        if let error = ABIStatus.error(status) {
            ABICompletion<SubscriptionPage>.finish(userData, .failure(error))
            return
        }
        var subscriptions: [Subscription] = []
        for position in 0..<count {
            guard let c = list?[position]?.pointee else { continue }
            subscriptions.append(Subscription(
                id: CText.string(c.id) ?? "", topic: CText.string(c.topic) ?? "", protocol: CText.string(c.protocol) ?? "",
                endpoint: CText.string(c.endpoint) ?? "", rawDelivery: c.raw_delivery != 0, filterPolicyJSON: CText.string(c.filter_policy_json)))
        }
        ABICompletion<SubscriptionPage>.finish(userData, .success(SubscriptionPage(subscriptions: subscriptions, nextPageToken: CText.string(token))))
    }
}
