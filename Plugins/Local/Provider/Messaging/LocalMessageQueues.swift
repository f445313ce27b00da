import CloudKitModel
import CloudKitProviderSupport
import Foundation

/// Message queues on the local disk with SQS's semantics, in the SQLite
/// database `<root>/cloudkit.sqlite3` (see `MessagingSchema`): visibility
/// timeouts and redelivery with growing receive counts, dead-letter queues,
/// delays, retention, FIFO order per group with groups held while a message
/// is in flight, and deduplication. Durable across restarts and safe for
/// several processes sharing a root: every receive picks and hides its
/// messages in one `BEGIN IMMEDIATE` transaction, so two receivers never get
/// the same message while it is invisible. A long poll holds no thread while
/// it waits (see `receive` and `QueueWakeups`).
public final class LocalMessageQueues: MessageQueues {
    let pool: SQLiteConnectionPool
    let now: @Sendable () -> Date
    /// Wakes this process's long polls (see `receive`).
    let wakeups: QueueWakeups

    /// Queues under `root`; `now` is injectable for tests.
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

    var milliseconds: Int64 { MessagingSchema.milliseconds(now()) }

    /// Runs `work` on the database (see `SQLiteConnectionPool`: its
    /// transactions run on `BlockingIO` threads and wait without holding one).
    func perform<T: Sendable>(_ work: (SQLiteConnectionPool) async throws(CloudError) -> T) async throws(CloudError) -> T {
        try await work(pool)
    }

    // MARK: Queues

    public func createQueue(_ spec: QueueSpec) async throws(CloudError) -> String {
        try QueueValidation.validate(spec)
        let deadLetter = try spec.deadLetter.map { (policy) throws(CloudError) in try MessagingNames.queue(policy.queue) }
        let record = QueueRecord(
            name: spec.name, fifo: spec.fifo, contentDeduplication: spec.contentBasedDeduplication, visibility: spec.visibilityTimeout ?? 30,
            retention: spec.retentionSeconds ?? 345_600, delay: spec.delaySeconds ?? 0, deadLetter: deadLetter ?? "",
            maxReceives: spec.deadLetter?.maxReceiveCount ?? 0)
        return try await perform { pool async throws(CloudError) in
            try await pool.write { database throws(CloudError) in
                if let deadLetter {
                    let target = try QueueRecord.require(deadLetter, database)
                    guard target.fifo == spec.fifo else {
                        throw .invalidArgument("the dead-letter queue of a \(spec.fifo ? "FIFO" : "standard") queue must be \(spec.fifo ? "FIFO" : "standard") too")
                    }
                }
                if let existing = try QueueRecord.load(spec.name, database) {
                    guard existing == record else {
                        throw CloudError(.alreadyExists, "queue '\(spec.name)' exists with other settings", code: "QueueAlreadyExists")
                    }
                } else {
                    try record.insert(database)
                }
                return MessagingNames.queueURL(spec.name)
            }
        }
    }

    public func deleteQueue(_ queue: String) async throws(CloudError) {
        let name = try MessagingNames.queue(queue)
        try await perform { pool async throws(CloudError) in
            try await pool.write { database throws(CloudError) in
                _ = try QueueRecord.require(name, database)
                _ = try database.execute("DELETE FROM mq_messages WHERE queue = ?", [.text(name)])
                _ = try database.execute("DELETE FROM mq_queues WHERE name = ?", [.text(name)])
                _ = try database.execute("DELETE FROM mq_dedup WHERE scope = ?", [.text("q:" + name)])
            }
        }
        wakeups.notify(name, everyone: true)
    }

    public func purge(_ queue: String) async throws(CloudError) {
        let name = try MessagingNames.queue(queue)
        try await perform { pool async throws(CloudError) in
            try await pool.write { database throws(CloudError) in
                _ = try QueueRecord.require(name, database)
                _ = try database.execute("DELETE FROM mq_messages WHERE queue = ?", [.text(name)])
            }
        }
    }

    public func counts(_ queue: String) async throws(CloudError) -> QueueCounts {
        let name = try MessagingNames.queue(queue)
        let now = milliseconds
        return try await perform { pool async throws(CloudError) in
            try await pool.read { database throws(CloudError) in
                let record = try QueueRecord.require(name, database)
                var counts = QueueCounts(visible: 0, inFlight: 0, delayed: 0)
                try database.query(
                    """
                    SELECT SUM(visible_ms <= ?), SUM(visible_ms > ? AND receive_count > 0), SUM(visible_ms > ? AND receive_count = 0)
                    FROM mq_messages WHERE queue = ? AND sent_ms > ?
                    """,
                    [.integer(now), .integer(now), .integer(now), .text(name), .integer(now - Int64(record.retention) * 1000)]
                ) { row throws(CloudError) in
                    counts = QueueCounts(visible: Int(row.integer(0)), inFlight: Int(row.integer(1)), delayed: Int(row.integer(2)))
                }
                return counts
            }
        }
    }

    // MARK: Sending

    public func send(_ request: SendMessageRequest) async throws(CloudError) -> SentMessage {
        try QueueValidation.validate(request)
        let name = try MessagingNames.queue(request.queue)
        let now = milliseconds
        let sent = try await perform { pool async throws(CloudError) in
            try await pool.write { database throws(CloudError) in
                let record = try QueueRecord.require(name, database)
                let message = MessageEnqueuer.Message(
                    body: request.body, attributes: request.attributes, delaySeconds: request.delaySeconds, groupID: request.groupID,
                    deduplicationID: request.deduplicationID)
                return try MessageEnqueuer.enqueue(message, into: record, now: now, database)
            }
        }
        wakeups.notify(name)
        return sent
    }

    public func sendBatch(_ entries: [SendMessageRequest]) async throws(CloudError) -> [BatchEntryResult] {
        try await MessageBatch.run(entries) { entry throws(CloudError) in try await send(entry).messageID }
    }

    // MARK: Acknowledging

    /// The message id inside a receipt handle (`ck1:<id>:<nonce>`).
    static func messageID(inReceipt receipt: String) throws(CloudError) -> String {
        let parts = receipt.split(separator: ":")
        guard parts.count == 3, parts[0] == "ck1" else {
            throw CloudError(.invalidArgument, "'\(receipt.prefix(40))' is not a receipt handle of this provider", code: "ReceiptHandleIsInvalid")
        }
        return String(parts[1])
    }

    public func acknowledge(queue: String, receiptHandle: String) async throws(CloudError) {
        let name = try MessagingNames.queue(queue)
        _ = try Self.messageID(inReceipt: receiptHandle)
        let fifo = try await perform { pool async throws(CloudError) in
            try await pool.write { database throws(CloudError) in
                let record = try QueueRecord.require(name, database)
                // A stale handle (the message was received again since) deletes nothing, as in SQS.
                _ = try database.execute("DELETE FROM mq_messages WHERE queue = ? AND receipt = ?", [.text(name), .text(receiptHandle)])
                return record.fifo
            }
        }
        // Acknowledging releases the message's FIFO group.
        if fifo { wakeups.notify(name) }
    }

    public func acknowledgeBatch(queue: String, receiptHandles: [String]) async throws(CloudError) -> [BatchEntryResult] {
        // A missing queue fails the whole call, as in SQS.
        try await MessageBatch.run(receiptHandles, stopsBatch: { $0.kind == .notFound }) { handle throws(CloudError) in
            try await acknowledge(queue: queue, receiptHandle: handle)
            return nil
        }
    }

    public func changeVisibility(queue: String, receiptHandle: String, seconds: Int) async throws(CloudError) {
        guard (0...MessageLimits.maximumVisibilitySeconds).contains(seconds) else {
            throw .invalidArgument("a visibility timeout is 0 to \(MessageLimits.maximumVisibilitySeconds) seconds")
        }
        let name = try MessagingNames.queue(queue)
        _ = try Self.messageID(inReceipt: receiptHandle)
        let now = milliseconds
        try await perform { pool async throws(CloudError) in
            try await pool.write { database throws(CloudError) in
                _ = try QueueRecord.require(name, database)
                let changed = try database.execute(
                    "UPDATE mq_messages SET visible_ms = ? WHERE queue = ? AND receipt = ? AND visible_ms > ?",
                    [.integer(now + Int64(seconds) * 1000), .text(name), .text(receiptHandle), .integer(now)])
                guard changed > 0 else {
                    throw CloudError(.invalidArgument, "the message of this receipt handle is not in flight", code: "MessageNotInflight")
                }
            }
        }
        wakeups.notify(name)
    }
}
