import CloudKitModel
import CLibCrypto
import Foundation

/// Adds a message to a queue inside the caller's write transaction: FIFO
/// rules (group required, no per-message delay, deduplication within 5
/// minutes), the queue's delay, and a sequence number. Used by `send` and
/// by topic deliveries.
enum MessageEnqueuer {
    /// How long a FIFO deduplication id is remembered.
    static let deduplicationWindowMilliseconds: Int64 = 5 * 60 * 1000

    struct Message {
        var body: String
        var attributes: MessageAttributes
        var delaySeconds: Int?
        var groupID: String?
        var deduplicationID: String?
    }

    static func enqueue(_ message: Message, into queue: QueueRecord, now: Int64, _ database: SQLiteDatabase) throws(CloudError) -> SentMessage {
        var deduplicationID: String?
        if queue.fifo {
            guard message.groupID != nil else { throw CloudError(.invalidArgument, "a FIFO queue needs a message group id", code: "MissingParameter") }
            guard message.delaySeconds == nil else {
                throw CloudError(.invalidArgument, "a FIFO queue takes no per-message delay", code: "InvalidParameterValue")
            }
            deduplicationID = message.deduplicationID ?? (queue.contentDeduplication ? sha256Hex(message.body) : nil)
            guard let deduplicationID else {
                throw CloudError(.invalidArgument, "a FIFO queue without content-based deduplication needs a deduplication id", code: "InvalidParameterValue")
            }
            if let seen = try remembered(scope: "q:" + queue.name, deduplicationID, now: now, database) { return seen }
        } else if message.groupID != nil || message.deduplicationID != nil {
            throw CloudError(.invalidArgument, "group and deduplication ids are for FIFO queues", code: "InvalidParameterValue")
        }
        let sequence = try queue.nextSequence(database)
        let id = UUID().uuidString.lowercased()
        let delay = Int64(message.delaySeconds ?? queue.delay) * 1000
        _ = try database.execute(
            "INSERT INTO mq_messages (id, queue, body, attributes, group_id, sequence, sent_ms, visible_ms, receive_count, receipt) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, '')",
            [.text(id), .text(queue.name), .text(message.body), .text(StoredAttributes.text(message.attributes)), .text(message.groupID ?? ""),
             .integer(sequence), .integer(now), .integer(now + delay)])
        let sent = SentMessage(messageID: id, sequenceNumber: queue.fifo ? sequenceText(sequence) : nil)
        if let deduplicationID { try remember(scope: "q:" + queue.name, deduplicationID, sent, now: now, database) }
        return sent
    }

    /// A deduplication id seen in the window: the message it was first sent as.
    static func remembered(scope: String, _ id: String, now: Int64, _ database: SQLiteDatabase) throws(CloudError) -> SentMessage? {
        _ = try database.execute("DELETE FROM mq_dedup WHERE expires_ms <= ?", [.integer(now)])
        var seen: SentMessage?
        try database.query("SELECT message_id, sequence FROM mq_dedup WHERE scope = ? AND dedup_id = ?", [.text(scope), .text(id)]) { row throws(CloudError) in
            seen = SentMessage(messageID: row.text(0), sequenceNumber: row.text(1).isEmpty ? nil : row.text(1))
        }
        return seen
    }

    static func remember(scope: String, _ id: String, _ sent: SentMessage, now: Int64, _ database: SQLiteDatabase) throws(CloudError) {
        _ = try database.execute(
            "INSERT OR REPLACE INTO mq_dedup (scope, dedup_id, message_id, sequence, expires_ms) VALUES (?, ?, ?, ?, ?)",
            [.text(scope), .text(id), .text(sent.messageID), .text(sent.sequenceNumber ?? ""), .integer(now + deduplicationWindowMilliseconds)])
    }

    /// FIFO sequence numbers are decimal text, 20 digits like SQS's.
    static func sequenceText(_ sequence: Int64) -> String {
        let digits = String(sequence)
        return String(repeating: "0", count: max(0, 20 - digits.count)) + digits
    }

    /// Content-based deduplication: the body's SHA-256, in hex.
    static func sha256Hex(_ text: String) -> String {
        var digest = [UInt8](repeating: 0, count: Int(SHA256_DIGEST_LENGTH))
        let bytes = Array(text.utf8)
        _ = SHA256(bytes, bytes.count, &digest)
        return digest.map { String(format: "%02x", $0) }.joined()
    }
}
