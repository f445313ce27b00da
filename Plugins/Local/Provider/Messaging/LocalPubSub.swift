import CloudKitModel
import CloudKitProviderSupport
import Foundation

/// Publish/subscribe on the local disk with SNS's semantics, in the same
/// SQLite database as the local queues: a publish delivers, in one
/// transaction, to every subscribed queue whose filter policy lets the
/// message's attributes through — as sent (raw) or in the SNS JSON envelope.
/// FIFO topics deliver to FIFO queues with their group and deduplication ids.
public final class LocalPubSub: PubSub {
    let pool: SQLiteConnectionPool
    let now: @Sendable () -> Date
    /// Wakes the long polls of the queues a publish delivers to.
    let wakeups: QueueWakeups

    public init(root: LocalRoot, now: @escaping @Sendable () -> Date = { Date() }) throws(CloudError) {
        do {
            try FileSystem.makeDirectories(root.path)
        } catch where error.kind == .notFound {
            throw CloudError(.invalidArgument, "the local root \(root.path) cannot be used: \(error.message)")
        }
        pool = SQLiteConnectionPool(path: root.databasePath) { database throws(CloudError) in try MessagingSchema.create(database) }
        wakeups = QueueWakeups.shared(for: root.databasePath)
        self.now = now
    }

    /// Runs `work` on the database (see `SQLiteConnectionPool`: its
    /// transactions run on `BlockingIO` threads and wait without holding one).
    func perform<T: Sendable>(_ work: (SQLiteConnectionPool) async throws(CloudError) -> T) async throws(CloudError) -> T {
        try await work(pool)
    }

    /// (fifo, content-based deduplication) of a topic, or `not found`.
    static func topic(_ name: String, _ database: SQLiteDatabase) throws(CloudError) -> (fifo: Bool, contentDeduplication: Bool) {
        var found: (Bool, Bool)?
        try database.query("SELECT fifo, content_dedup FROM ps_topics WHERE name = ?", [.text(name)]) { row throws(CloudError) in
            found = (row.integer(0) != 0, row.integer(1) != 0)
        }
        guard let found else { throw MessagingNames.missingTopic(name) }
        return found
    }

    public func createTopic(_ spec: TopicSpec) async throws(CloudError) -> String {
        try MessageLimits.validateName(spec.name, fifo: spec.fifo, "topic")
        guard !spec.contentBasedDeduplication || spec.fifo else { throw .invalidArgument("content-based deduplication needs a FIFO topic") }
        return try await perform { pool async throws(CloudError) in
            try await pool.write { database throws(CloudError) in
                if let existing = try? Self.topic(spec.name, database) {
                    guard existing.fifo == spec.fifo && existing.contentDeduplication == spec.contentBasedDeduplication else {
                        throw CloudError(.alreadyExists, "topic '\(spec.name)' exists with other settings", code: "InvalidParameter")
                    }
                } else {
                    _ = try database.execute("INSERT INTO ps_topics (name, fifo, content_dedup, sequence) VALUES (?, ?, ?, 0)",
                                             [.text(spec.name), .integer(spec.fifo ? 1 : 0), .integer(spec.contentBasedDeduplication ? 1 : 0)])
                }
                return MessagingNames.topicARN(spec.name)
            }
        }
    }

    /// Deleting a topic that does not exist succeeds, as in SNS.
    public func deleteTopic(_ topic: String) async throws(CloudError) {
        let name = try MessagingNames.topic(topic)
        try await perform { pool async throws(CloudError) in
            try await pool.write { database throws(CloudError) in
                _ = try database.execute("DELETE FROM ps_subscriptions WHERE topic = ?", [.text(name)])
                _ = try database.execute("DELETE FROM ps_topics WHERE name = ?", [.text(name)])
                _ = try database.execute("DELETE FROM mq_dedup WHERE scope = ?", [.text("t:" + name)])
            }
        }
    }

    public func publish(_ request: PublishRequest) async throws(CloudError) -> SentMessage {
        try MessageLimits.validateBody(request.message)
        try MessageLimits.validate(body: request.message.utf8.count, attributes: request.attributes)
        if let subject = request.subject, subject.isEmpty || subject.count > 100 { throw .invalidArgument("a subject is 1 to 100 characters") }
        for (name, value) in [("group id", request.groupID), ("deduplication id", request.deduplicationID)] {
            if let value { try QueueValidation.validateToken(value, name) }
        }
        let name = try MessagingNames.topic(request.topic)
        let date = now()
        let now = MessagingSchema.milliseconds(date)
        let delivery = try await perform { pool async throws(CloudError) in
            try await pool.write { database throws(CloudError) in try Self.deliver(request, topic: name, at: date, now: now, database) }
        }
        for queue in delivery.queues { wakeups.notify(queue) }
        return delivery.sent
    }

    /// Delivers a message to the topic's subscribed queues; returns it as
    /// sent and the queues it went to.
    static func deliver(
        _ request: PublishRequest, topic name: String, at date: Date, now: Int64, _ database: SQLiteDatabase
    ) throws(CloudError) -> (sent: SentMessage, queues: [String]) {
        let topic = try Self.topic(name, database)
        var deduplicationID: String?
        if topic.fifo {
            guard request.groupID != nil else { throw CloudError(.invalidArgument, "a FIFO topic needs a message group id", code: "InvalidParameter") }
            deduplicationID = request.deduplicationID ?? (topic.contentDeduplication ? MessageEnqueuer.sha256Hex(request.message) : nil)
            guard deduplicationID != nil else {
                throw CloudError(.invalidArgument, "a FIFO topic without content-based deduplication needs a deduplication id", code: "InvalidParameter")
            }
        } else if request.groupID != nil || request.deduplicationID != nil {
            throw CloudError(.invalidArgument, "group and deduplication ids are for FIFO topics", code: "InvalidParameter")
        }
        if let deduplicationID, let seen = try MessageEnqueuer.remembered(scope: "t:" + name, deduplicationID, now: now, database) { return (seen, []) }
        _ = try database.execute("UPDATE ps_topics SET sequence = sequence + 1 WHERE name = ?", [.text(name)])
        var sequence: Int64 = 0
        try database.query("SELECT sequence FROM ps_topics WHERE name = ?", [.text(name)]) { row throws(CloudError) in sequence = row.integer(0) }
        let sent = SentMessage(messageID: UUID().uuidString.lowercased(), sequenceNumber: topic.fifo ? MessageEnqueuer.sequenceText(sequence) : nil)
        var subscriptions: [(queue: String, raw: Bool, filter: String)] = []
        var queues: [String] = []
        try database.query("SELECT queue, raw, filter FROM ps_subscriptions WHERE topic = ? ORDER BY arn", [.text(name)]) { row throws(CloudError) in
            subscriptions.append((row.text(0), row.integer(1) != 0, row.text(2)))
        }
        for subscription in subscriptions {
            if !subscription.filter.isEmpty, !(try FilterPolicy(json: subscription.filter)).matches(request.attributes) { continue }
            guard let queue = try QueueRecord.load(subscription.queue, database) else { continue }
            let body = subscription.raw ? request.message : SNSEnvelope.text(
                messageID: sent.messageID, topicARN: MessagingNames.topicARN(name), subject: request.subject, message: request.message,
                attributes: request.attributes, at: date)
            let message = MessageEnqueuer.Message(
                body: body, attributes: subscription.raw ? request.attributes : [:], delaySeconds: nil, groupID: request.groupID,
                deduplicationID: deduplicationID.map { "\(sent.messageID)-\($0)" })
            _ = try MessageEnqueuer.enqueue(message, into: queue, now: now, database)
            queues.append(queue.name)
        }
        if let deduplicationID { try MessageEnqueuer.remember(scope: "t:" + name, deduplicationID, sent, now: now, database) }
        return (sent, queues)
    }

    public func publishBatch(_ entries: [PublishRequest]) async throws(CloudError) -> [BatchEntryResult] {
        try await MessageBatch.run(entries) { entry throws(CloudError) in try await publish(entry).messageID }
    }

    // MARK: Subscriptions

    public func subscribe(_ request: SubscribeRequest) async throws(CloudError) -> String {
        let topicName = try MessagingNames.topic(request.topic)
        let queueName = try MessagingNames.queue(request.queue)
        if let policy = request.filterPolicyJSON { _ = try FilterPolicy(json: policy) }
        return try await perform { pool async throws(CloudError) in
            try await pool.write { database throws(CloudError) in
                let topic = try Self.topic(topicName, database)
                let queue = try QueueRecord.require(queueName, database)
                guard topic.fifo == queue.fifo else {
                    throw CloudError(.invalidArgument, topic.fifo ? "a FIFO topic delivers only to FIFO queues" : "a standard topic cannot deliver to a FIFO queue",
                                     code: "InvalidParameter")
                }
                var existing: String?
                try database.query("SELECT arn FROM ps_subscriptions WHERE topic = ? AND queue = ?", [.text(topicName), .text(queueName)]) { row throws(CloudError) in
                    existing = row.text(0)
                }
                let arn = existing ?? "\(MessagingNames.topicARN(topicName)):\(UUID().uuidString.lowercased())"
                _ = try database.execute(
                    "INSERT OR REPLACE INTO ps_subscriptions (arn, topic, queue, raw, filter) VALUES (?, ?, ?, ?, ?)",
                    [.text(arn), .text(topicName), .text(queueName), .integer(request.rawDelivery ? 1 : 0), .text(request.filterPolicyJSON ?? "")])
                return arn
            }
        }
    }

    public func unsubscribe(_ subscription: String) async throws(CloudError) {
        try await perform { pool async throws(CloudError) in
            try await pool.write { database throws(CloudError) in
                guard try database.execute("DELETE FROM ps_subscriptions WHERE arn = ?", [.text(subscription)]) > 0 else {
                    throw CloudError(.notFound, "no subscription \(subscription)", code: "NotFound")
                }
            }
        }
    }

    public func listSubscriptions(topic: String, pageToken: String?) async throws(CloudError) -> SubscriptionPage {
        let name = try MessagingNames.topic(topic)
        let pageSize = 100
        return try await perform { pool async throws(CloudError) in
            try await pool.read { database throws(CloudError) in
                _ = try Self.topic(name, database)
                var subscriptions: [Subscription] = []
                try database.query(
                    "SELECT arn, queue, raw, filter FROM ps_subscriptions WHERE topic = ? AND arn > ? ORDER BY arn LIMIT ?",
                    [.text(name), .text(pageToken ?? ""), .integer(Int64(pageSize + 1))]
                ) { row throws(CloudError) in
                    subscriptions.append(Subscription(
                        id: row.text(0), topic: MessagingNames.topicARN(name), protocol: "sqs", endpoint: MessagingNames.queueARN(row.text(1)),
                        rawDelivery: row.integer(2) != 0, filterPolicyJSON: row.text(3).isEmpty ? nil : row.text(3)))
                }
                let more = subscriptions.count > pageSize
                let page = Array(subscriptions.prefix(pageSize))
                return SubscriptionPage(subscriptions: page, nextPageToken: more ? page.last?.id : nil)
            }
        }
    }
}
