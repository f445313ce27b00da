import CloudKitModel
import Foundation

extension LocalMessageQueues {
    /// A message row considered for delivery.
    struct Candidate {
        var id: String
        var body: String
        var attributes: String
        var group: String
        var sentMilliseconds: Int64
        var receiveCount: Int
    }

    /// What one look at a queue found.
    struct Taken: Sendable {
        /// The messages received (picked and hidden).
        var messages: [ReceivedMessage] = []
        /// When the queue's next message becomes visible, if one is hidden now.
        var nextVisibleMilliseconds: Int64?
        /// Dead-letter queues that messages were moved to.
        var deadLettered: Set<String> = []
    }

    /// Receives up to `maxMessages` messages, long polling up to
    /// `waitSeconds` for the first one. Waiting holds no thread: between
    /// looks at the queue the task is suspended on `QueueWakeups`, woken by a
    /// send in this process, by the `QueueWatcher` for another process's, or
    /// when a hidden message becomes visible; cancelling it ends the wait
    /// with `cancelled`.
    public func receive(_ request: ReceiveRequest) async throws(CloudError) -> [ReceivedMessage] {
        try QueueValidation.validate(request)
        return try await receive(request, waitingUpTo: TimeInterval(request.waitSeconds))
    }

    /// `receive`, waiting up to `wait` seconds (tests wait longer than the
    /// 20 s a request may ask for, so that no poll ends on its own however
    /// slow the machine is).
    ///
    /// Each look first reads (in parallel with other readers, outside the
    /// writers' gate) whether a message is visible; only then does it take
    /// messages in a write transaction. An empty queue with many pollers
    /// costs each of them one short read, not a turn at the write lock.
    func receive(_ request: ReceiveRequest, waitingUpTo wait: TimeInterval) async throws(CloudError) -> [ReceivedMessage] {
        let name = try MessagingNames.queue(request.queue)
        let clock = now
        let deadline = clock().addingTimeInterval(wait)
        while true {
            let ticket = wakeups.ticket(for: name)
            let now = MessagingSchema.milliseconds(clock())
            let seen = try await pool.read { database throws(CloudError) in try Self.peek(queue: name, now: now, database) }
            var nextVisible = seen.nextVisibleMilliseconds
            if seen.hasVisible {
                let taken = try await pool.write { database throws(CloudError) in try Self.take(request, queue: name, now: now, database) }
                for queue in taken.deadLettered { wakeups.notify(queue) }
                if !taken.messages.isEmpty {
                    // A full batch may have left more for the next waiter.
                    if taken.messages.count == request.maxMessages { wakeups.notify(name) }
                    return taken.messages
                }
                nextVisible = taken.nextVisibleMilliseconds
            }
            var seconds = deadline.timeIntervalSince(clock())
            if seconds <= 0 { return [] }
            if let next = nextVisible { seconds = min(seconds, max(0.001, Double(next - now) / 1000)) }
            try await wakeups.wait(ticket, seconds: seconds)
        }
    }

    /// What a read-only look at a queue found.
    struct Seen: Sendable {
        /// Whether a message within the queue's retention is visible at the time asked.
        var hasVisible: Bool
        /// When the queue's next hidden message becomes visible.
        var nextVisibleMilliseconds: Int64?
    }

    /// Whether `name` (which must exist) has a message visible at `now`, and
    /// when its next hidden one becomes visible; changes nothing.
    static func peek(queue name: String, now: Int64, _ database: SQLiteDatabase) throws(CloudError) -> Seen {
        let queue = try QueueRecord.require(name, database)
        var seen = Seen(hasVisible: false)
        try database.query(
            "SELECT 1 FROM mq_messages WHERE queue = ? AND visible_ms <= ? AND sent_ms > ? LIMIT 1",
            [.text(name), .integer(now), .integer(now - Int64(queue.retention) * 1000)]
        ) { _ throws(CloudError) in seen.hasVisible = true }
        seen.nextVisibleMilliseconds = try nextVisible(queue: name, now: now, database)
        return seen
    }

    /// When the first message of `name` hidden at `now` becomes visible.
    static func nextVisible(queue name: String, now: Int64, _ database: SQLiteDatabase) throws(CloudError) -> Int64? {
        var next: Int64?
        try database.query("SELECT MIN(visible_ms) FROM mq_messages WHERE queue = ? AND visible_ms > ?", [.text(name), .integer(now)]) {
            row throws(CloudError) in next = row.isNull(0) ? nil : row.integer(0)
        }
        return next
    }

    /// Picks, hides and returns up to `maxMessages` visible messages, moving
    /// those past their queue's max receive count to the dead-letter queue.
    /// Also tells when the next hidden message becomes visible, and which
    /// dead-letter queues received messages.
    static func take(_ request: ReceiveRequest, queue name: String, now: Int64, _ database: SQLiteDatabase) throws(CloudError) -> Taken {
        let queue = try QueueRecord.require(name, database)
        _ = try database.execute(
            "DELETE FROM mq_messages WHERE queue = ? AND sent_ms <= ?", [.text(name), .integer(now - Int64(queue.retention) * 1000)])
        var held = Set<String>()
        if queue.fifo {
            try database.query(
                "SELECT DISTINCT group_id FROM mq_messages WHERE queue = ? AND receive_count > 0 AND visible_ms > ?", [.text(name), .integer(now)]
            ) { row throws(CloudError) in held.insert(row.text(0)) }
        }
        let visibility = Int64(request.visibilityTimeout ?? queue.visibility) * 1000
        var taken: [ReceivedMessage] = []
        var deadLettered: Set<String> = []
        var offset: Int64 = 0
        scan: while taken.count < request.maxMessages {
            var candidates: [Candidate] = []
            try database.query(
                """
                SELECT id, body, attributes, group_id, sent_ms, receive_count FROM mq_messages
                WHERE queue = ? AND visible_ms <= ? ORDER BY sequence LIMIT 100 OFFSET ?
                """, [.text(name), .integer(now), .integer(offset)]
            ) { row throws(CloudError) in
                candidates.append(Candidate(
                    id: row.text(0), body: row.text(1), attributes: row.text(2), group: row.text(3), sentMilliseconds: row.integer(4),
                    receiveCount: Int(row.integer(5))))
            }
            if candidates.isEmpty { break }
            // Taken and dead-lettered messages leave the visible set; only
            // skipped ones (of held FIFO groups) are stepped over next time.
            for candidate in candidates {
                if taken.count == request.maxMessages { break scan }
                if queue.fifo && held.contains(candidate.group) {
                    offset += 1
                    continue
                }
                if !queue.deadLetter.isEmpty && candidate.receiveCount >= queue.maxReceives,
                   try moveToDeadLetter(candidate, from: queue, now: now, database) {
                    deadLettered.insert(queue.deadLetter)
                    continue
                }
                let receipt = "ck1:\(candidate.id):\(UUID().uuidString.lowercased())"
                _ = try database.execute(
                    "UPDATE mq_messages SET receive_count = receive_count + 1, visible_ms = ?, receipt = ? WHERE id = ?",
                    [.integer(now + visibility), .text(receipt), .text(candidate.id)])
                taken.append(ReceivedMessage(
                    messageID: candidate.id, body: candidate.body, receiptHandle: receipt, receiveCount: candidate.receiveCount + 1,
                    attributes: try StoredAttributes.attributes(candidate.attributes), groupID: candidate.group.isEmpty ? nil : candidate.group,
                    sentAt: Date(timeIntervalSince1970: Double(candidate.sentMilliseconds) / 1000)))
            }
        }
        return Taken(messages: taken, nextVisibleMilliseconds: try nextVisible(queue: name, now: now, database), deadLettered: deadLettered)
    }

    /// Moves a message to its queue's dead-letter queue, as new there (receive
    /// count 0). False when that queue was deleted: the message is then delivered as usual.
    static func moveToDeadLetter(_ candidate: Candidate, from queue: QueueRecord, now: Int64, _ database: SQLiteDatabase) throws(CloudError) -> Bool {
        guard let target = try QueueRecord.load(queue.deadLetter, database) else { return false }
        let sequence = try target.nextSequence(database)
        _ = try database.execute(
            "UPDATE mq_messages SET queue = ?, sequence = ?, receive_count = 0, visible_ms = ?, receipt = '' WHERE id = ?",
            [.text(target.name), .integer(sequence), .integer(now), .text(candidate.id)])
        return true
    }
}
