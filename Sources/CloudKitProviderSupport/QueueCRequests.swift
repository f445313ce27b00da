import CCloudKitABI
import CloudKitModel

/// C queue and pub/sub requests → Swift requests.
enum QueueCRequests {
    static func queueSpec(_ pointer: UnsafePointer<ck_queue_spec>?) throws(CloudError) -> QueueSpec {
        let c = try CInput.request(pointer, minimumSize: MemoryLayout<ck_queue_spec>.size, "spec")
        let deadLetter = try CInput.optionalString(c.dead_letter_queue, "spec.dead_letter_queue")
        return QueueSpec(
            name: try CInput.string(c.name, "spec.name"), fifo: c.fifo != 0, contentBasedDeduplication: c.content_based_deduplication != 0,
            visibilityTimeout: try MessageCValues.seconds(c.visibility_timeout_seconds, "spec.visibility_timeout_seconds"),
            retentionSeconds: try MessageCValues.seconds(c.retention_seconds, "spec.retention_seconds"),
            delaySeconds: try MessageCValues.seconds(c.delay_seconds, "spec.delay_seconds"),
            deadLetter: deadLetter.map { DeadLetterPolicy(queue: $0, maxReceiveCount: Int(c.max_receive_count)) })
    }

    static func send(_ pointer: UnsafePointer<ck_send_request>?, _ field: String = "request") throws(CloudError) -> SendMessageRequest {
        let c = try CInput.request(pointer, minimumSize: MemoryLayout<ck_send_request>.size, field)
        return SendMessageRequest(
            queue: try CInput.string(c.queue, "\(field).queue"), body: try MessageCValues.text(c.body, c.body_length, "\(field).body"),
            attributes: try MessageCValues.attributes(c.attributes, c.attribute_count, "\(field).attributes"),
            delaySeconds: try MessageCValues.seconds(c.delay_seconds, "\(field).delay_seconds"),
            groupID: try CInput.optionalString(c.group_id, "\(field).group_id"),
            deduplicationID: try CInput.optionalString(c.deduplication_id, "\(field).deduplication_id"))
    }

    static func sends(_ entries: UnsafePointer<UnsafePointer<ck_send_request>?>?, _ count: Int) throws(CloudError) -> [SendMessageRequest] {
        guard count > 0 else { return [] }
        guard let entries else { throw .invalidArgument("entries is NULL but count is \(count)") }
        var result: [SendMessageRequest] = []
        for index in 0..<count { result.append(try send(entries[index], "entries[\(index)]")) }
        return result
    }

    static func receive(_ pointer: UnsafePointer<ck_receive_request>?) throws(CloudError) -> ReceiveRequest {
        let c = try CInput.request(pointer, minimumSize: MemoryLayout<ck_receive_request>.size, "request")
        return ReceiveRequest(
            queue: try CInput.string(c.queue, "queue"), maxMessages: Int(c.max_messages), waitSeconds: Int(c.wait_seconds),
            visibilityTimeout: try MessageCValues.seconds(c.visibility_timeout_seconds, "visibility_timeout_seconds"))
    }

    static func strings(_ list: UnsafePointer<UnsafePointer<CChar>?>?, _ count: Int, _ field: String) throws(CloudError) -> [String] {
        guard count > 0 else { return [] }
        guard let list else { throw .invalidArgument("\(field) is NULL but count is \(count)") }
        var result: [String] = []
        for index in 0..<count { result.append(try CInput.string(list[index], "\(field)[\(index)]")) }
        return result
    }

    static func topicSpec(_ pointer: UnsafePointer<ck_topic_spec>?) throws(CloudError) -> TopicSpec {
        let c = try CInput.request(pointer, minimumSize: MemoryLayout<ck_topic_spec>.size, "spec")
        return TopicSpec(name: try CInput.string(c.name, "spec.name"), fifo: c.fifo != 0, contentBasedDeduplication: c.content_based_deduplication != 0)
    }

    static func publish(_ pointer: UnsafePointer<ck_publish_request>?, _ field: String = "request") throws(CloudError) -> PublishRequest {
        let c = try CInput.request(pointer, minimumSize: MemoryLayout<ck_publish_request>.size, field)
        return PublishRequest(
            topic: try CInput.string(c.topic, "\(field).topic"), message: try CInput.string(c.message, "\(field).message"),
            subject: try CInput.optionalString(c.subject, "\(field).subject"),
            attributes: try MessageCValues.attributes(c.attributes, c.attribute_count, "\(field).attributes"),
            groupID: try CInput.optionalString(c.group_id, "\(field).group_id"),
            deduplicationID: try CInput.optionalString(c.deduplication_id, "\(field).deduplication_id"))
    }

    static func publishes(_ entries: UnsafePointer<UnsafePointer<ck_publish_request>?>?, _ count: Int) throws(CloudError) -> [PublishRequest] {
        guard count > 0 else { return [] }
        guard let entries else { throw .invalidArgument("entries is NULL but count is \(count)") }
        var result: [PublishRequest] = []
        for index in 0..<count { result.append(try publish(entries[index], "entries[\(index)]")) }
        return result
    }

    static func subscribe(_ pointer: UnsafePointer<ck_subscribe_request>?) throws(CloudError) -> SubscribeRequest {
        let c = try CInput.request(pointer, minimumSize: MemoryLayout<ck_subscribe_request>.size, "request")
        return SubscribeRequest(
            topic: try CInput.string(c.topic, "topic"), queue: try CInput.string(c.queue, "queue"), rawDelivery: c.raw_delivery != 0,
            filterPolicyJSON: try CInput.optionalString(c.filter_policy_json, "filter_policy_json"))
    }
}
