import CloudKit

/// Publish/subscribe: topics and their listing, fan-out through filters, the envelope, FIFO topics.
enum PubSubCases {
    static let all = [listTopics, fanOutWithFilter, envelope, fifoAndBatch]

    static let listTopics = ConformanceCase(
        .pubsub, "list-topics", "topics list by prefix, in pages of 2, in ascending order, the ARN as identifier",
        needs: .on(.pubsub, "create_topic", "delete_topic", "list_topics")
    ) { context in
        let names = [context.name("b"), context.name("a"), context.name("c")]
        var arns: [String: String] = [:]
        for name in names { arns[name] = try await context.topic(TopicSpec(name: name)) }
        let listed = try await context.cloud.pubsub.allTopics(prefix: context.prefix, pageSize: 2).collect()
        try expectEqual(listed.map(\.name), names.sorted(), "topics under the prefix")
        for topic in listed { try expectEqual(topic.identifier, arns[topic.name], "identifier of topic \(topic.name)") }
    }

    static let fanOutWithFilter = ConformanceCase(
        .pubsub, "fan-out-filter", "publishing reaches every subscribed queue its filter lets through; unsubscribing stops delivery",
        needs: .on(.pubsub, "create_topic", "subscribe", "publish", "list_subscriptions", "unsubscribe")
            .and(.queue, "create_queue", "receive", "ack")
    ) { context in
        let (pubsub, queues) = (context.cloud.pubsub, context.cloud.queues)
        let topic = context.messagingName("topic")
        let all = context.messagingName("all")
        let blue = context.messagingName("blue")
        let arn = try await context.topic(TopicSpec(name: topic))
        try expectEqual(try await pubsub.createTopic(TopicSpec(name: topic)), arn, "ARN of a topic created again")
        try await context.queue(QueueSpec(name: all))
        try await context.queue(QueueSpec(name: blue))
        _ = try await pubsub.subscribe(SubscribeRequest(topic: topic, queue: all, rawDelivery: true))
        let filtered = try await pubsub.subscribe(SubscribeRequest(topic: arn, queue: blue, rawDelivery: true, filterPolicyJSON: #"{"color":["blue"]}"#))
        _ = try await pubsub.publish(PublishRequest(topic: topic, message: "red one", attributes: ["color": .string("red")]))
        _ = try await pubsub.publish(PublishRequest(topic: topic, message: "blue one", attributes: ["color": .string("blue"), "n": .number("3")]))
        let toAll = try await QueueCases.drain(queues, all, count: 2, attempts: 3, acknowledge: true)
        try expectEqual(Set(toAll.map(\.body)), ["red one", "blue one"], "messages to the unfiltered queue")
        let toBlue = try await QueueCases.drain(queues, blue, count: 1, attempts: 3, acknowledge: true)
        try expectEqual(toBlue.map(\.body), ["blue one"], "messages through the filter color=blue")
        try expectEqual(toBlue.first?.attributes, ["color": .string("blue"), "n": .number("3")], "attributes through the filter")
        let subscriptions = try await pubsub.listSubscriptions(topic: topic, pageToken: nil).subscriptions
        try expectEqual(subscriptions.count, 2, "subscriptions of the topic")
        let listed = try require(subscriptions.first { $0.id == filtered }, "the filtered subscription in the listing")
        try expectEqual(listed.rawDelivery, true, "raw delivery of the filtered subscription")
        try expectEqual(try listed.filterPolicyJSON.map { try JSONValue.parse($0) }, try JSONValue.parse(#"{"color":["blue"]}"#), "its filter policy")
        try await pubsub.unsubscribe(filtered)
        _ = try await pubsub.publish(PublishRequest(topic: topic, message: "after", attributes: ["color": .string("blue")]))
        try expectEqual(try await QueueCases.drain(queues, blue, count: 1, attempts: 3, acknowledge: true).count, 0, "messages after unsubscribing")
        try expectEqual(try await QueueCases.drain(queues, all, count: 1, attempts: 3, acknowledge: true).map(\.body), ["after"], "messages still subscribed")
    }

    static let envelope = ConformanceCase(
        .pubsub, "envelope", "without raw delivery a queue receives the SNS JSON envelope: type, id, topic, subject, message, attributes, time",
        needs: .on(.pubsub, "create_topic", "subscribe", "publish").and(.queue, "create_queue", "receive", "ack")
    ) { context in
        let topic = context.messagingName("env")
        let queue = context.messagingName("envq")
        let arn = try await context.topic(TopicSpec(name: topic))
        try await context.queue(QueueSpec(name: queue))
        _ = try await context.cloud.pubsub.subscribe(SubscribeRequest(topic: topic, queue: queue))
        let sent = try await context.cloud.pubsub.publish(PublishRequest(
            topic: topic, message: "wrapped \"text\"", subject: "Greeting", attributes: ["kind": .string("test")]))
        let message = try require(try await QueueCases.drain(context.cloud.queues, queue, count: 1, attempts: 3, acknowledge: true).first, "the delivery")
        let envelope = try JSONValue.parse(message.body)
        try expectEqual(envelope["Type"], .string("Notification"), "Type")
        try expectEqual(envelope["MessageId"], .string(sent.messageID), "MessageId")
        try expectEqual(envelope["TopicArn"], .string(arn), "TopicArn")
        try expectEqual(envelope["Subject"], .string("Greeting"), "Subject")
        try expectEqual(envelope["Message"], .string("wrapped \"text\""), "Message")
        try expectEqual(envelope["MessageAttributes"]?["kind"]?["Value"], .string("test"), "MessageAttributes.kind.Value")
        try expect(envelope["Timestamp"]?.stringValue?.hasSuffix("Z") == true, "Timestamp \(String(describing: envelope["Timestamp"])) is not UTC")
    }

    static let fifoAndBatch = ConformanceCase(
        .pubsub, "fifo-batch", "a FIFO topic delivers a batch to a FIFO queue in order; a publish without a group is invalid argument",
        needs: .on(.pubsub, "create_topic", "subscribe", "publish", "publish_batch").and(.queue, "create_queue", "receive", "ack")
            .flag(.pubsub, "fifo").flag(.queue, "fifo")
    ) { context in
        let topic = context.messagingName("ft", fifo: true)
        let queue = context.messagingName("fq", fifo: true)
        try await context.topic(TopicSpec(name: topic, fifo: true))
        try await context.queue(QueueSpec(name: queue, fifo: true))
        _ = try await context.cloud.pubsub.subscribe(SubscribeRequest(topic: topic, queue: queue, rawDelivery: true))
        let entries = (1...12).map { PublishRequest(topic: topic, message: "m\($0)", groupID: "g", deduplicationID: "d\($0)") }
        let results = try await context.cloud.pubsub.publishBatch(entries)
        try expectEqual(results.count, 12, "batch results")
        try expect(results.allSatisfy { $0.error == nil && $0.messageID != nil }, "batch entries failed: \(results.compactMap(\.error))")
        let received = try await QueueCases.drain(context.cloud.queues, queue, count: 12, attempts: 3, acknowledge: true)
        try expectEqual(received.map(\.body), (1...12).map { "m\($0)" }, "bodies in order")
        try await expectError(.invalidArgument, "publish to a FIFO topic without a group") {
            try await context.cloud.pubsub.publish(PublishRequest(topic: topic, message: "x", deduplicationID: "x"))
        }
    }
}
