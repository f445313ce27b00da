import CCloudKitABI
import CloudKitABI
import CloudKitModel

/// C queue and pub/sub requests → Swift requests.
enum QueueCRequests {
    static func queueSpec(_ pointer: UnsafePointer<ck_queue_spec>?) throws(CloudError) -> QueueSpec {
        let c = try ABIStruct.read(pointer, "spec")
        try ABIOptions.refuseAll(c.options, c.option_count, operation: "create_queue")
        let deadLetter = try ABIInput.optionalString(c.dead_letter_queue, "spec.dead_letter_queue")
        return QueueSpec(
            name: try ABIInput.string(c.name, "spec.name"), fifo: c.fifo != 0, contentBasedDeduplication: c.content_based_deduplication != 0,
            visibilityTimeout: try MessageCValues.seconds(c.visibility_timeout_seconds, "spec.visibility_timeout_seconds"),
            retentionSeconds: try MessageCValues.seconds(c.retention_seconds, "spec.retention_seconds"),
            delaySeconds: try MessageCValues.seconds(c.delay_seconds, "spec.delay_seconds"),
            deadLetter: deadLetter.map { DeadLetterPolicy(queue: $0, maxReceiveCount: Int(c.max_receive_count)) })
    }

    static func send(_ pointer: UnsafePointer<ck_send_request>?, _ field: String = "request") throws(CloudError) -> SendMessageRequest {
        let c = try ABIStruct.read(pointer, field)
        try ABIOptions.refuseAll(c.options, c.option_count, operation: "send")
        return SendMessageRequest(
            queue: try ABIInput.string(c.queue, "\(field).queue"), body: try MessageCValues.text(c.body, c.body_length, "\(field).body"),
            attributes: try MessageCValues.attributes(c.attributes, c.attribute_count, "\(field).attributes"),
            delaySeconds: try MessageCValues.seconds(c.delay_seconds, "\(field).delay_seconds"),
            groupID: try ABIInput.optionalString(c.group_id, "\(field).group_id"),
            deduplicationID: try ABIInput.optionalString(c.deduplication_id, "\(field).deduplication_id"))
    }

    static func sends(_ entries: UnsafePointer<UnsafePointer<ck_send_request>?>?, _ count: Int) throws(CloudError) -> [SendMessageRequest] {
        guard count > 0 else { return [] }
        guard let entries else { throw .invalidArgument("entries is NULL but count is \(count)") }
        var result: [SendMessageRequest] = []
        for index in 0..<count { result.append(try send(entries[index], "entries[\(index)]")) }
        return result
    }

    static func receive(_ pointer: UnsafePointer<ck_receive_request>?) throws(CloudError) -> ReceiveRequest {
        let c = try ABIStruct.read(pointer, "request")
        try ABIOptions.refuseAll(c.options, c.option_count, operation: "receive")
        return ReceiveRequest(
            queue: try ABIInput.string(c.queue, "queue"), maxMessages: Int(c.max_messages), waitSeconds: Int(c.wait_seconds),
            visibilityTimeout: try MessageCValues.seconds(c.visibility_timeout_seconds, "visibility_timeout_seconds"))
    }

    static func topicSpec(_ pointer: UnsafePointer<ck_topic_spec>?) throws(CloudError) -> TopicSpec {
        let c = try ABIStruct.read(pointer, "spec")
        try ABIOptions.refuseAll(c.options, c.option_count, operation: "create_topic")
        return TopicSpec(name: try ABIInput.string(c.name, "spec.name"), fifo: c.fifo != 0, contentBasedDeduplication: c.content_based_deduplication != 0)
    }

    static func publish(_ pointer: UnsafePointer<ck_publish_request>?, _ field: String = "request") throws(CloudError) -> PublishRequest {
        let c = try ABIStruct.read(pointer, field)
        try ABIOptions.refuseAll(c.options, c.option_count, operation: "publish")
        return PublishRequest(
            topic: try ABIInput.string(c.topic, "\(field).topic"), message: try ABIInput.string(c.message, "\(field).message"),
            subject: try ABIInput.optionalString(c.subject, "\(field).subject"),
            attributes: try MessageCValues.attributes(c.attributes, c.attribute_count, "\(field).attributes"),
            groupID: try ABIInput.optionalString(c.group_id, "\(field).group_id"),
            deduplicationID: try ABIInput.optionalString(c.deduplication_id, "\(field).deduplication_id"))
    }

    static func publishes(_ entries: UnsafePointer<UnsafePointer<ck_publish_request>?>?, _ count: Int) throws(CloudError) -> [PublishRequest] {
        guard count > 0 else { return [] }
        guard let entries else { throw .invalidArgument("entries is NULL but count is \(count)") }
        var result: [PublishRequest] = []
        for index in 0..<count { result.append(try publish(entries[index], "entries[\(index)]")) }
        return result
    }

    static func subscribe(_ pointer: UnsafePointer<ck_subscribe_request>?) throws(CloudError) -> SubscribeRequest {
        let c = try ABIStruct.read(pointer, "request")
        try ABIOptions.refuseAll(c.options, c.option_count, operation: "subscribe")
        return SubscribeRequest(
            topic: try ABIInput.string(c.topic, "topic"), queue: try ABIInput.string(c.queue, "queue"), rawDelivery: c.raw_delivery != 0,
            filterPolicyJSON: try ABIInput.optionalString(c.filter_policy_json, "filter_policy_json"))
    }
}
