import CloudKitModel

/// A queue's settings as stored in `mq_queues`.
struct QueueRecord: Equatable {
    var name: String
    var fifo: Bool
    var contentDeduplication: Bool
    var visibility: Int
    var retention: Int
    var delay: Int
    /// The dead-letter queue's name, or "".
    var deadLetter: String
    var maxReceives: Int

    static let columns = "name, fifo, content_dedup, visibility, retention, delay, dead_letter, max_receives"

    /// Reads a queue on `database`, or nil.
    static func load(_ name: String, _ database: SQLiteDatabase) throws(CloudError) -> QueueRecord? {
        var record: QueueRecord?
        try database.query("SELECT \(columns) FROM mq_queues WHERE name = ?", [.text(name)]) { row throws(CloudError) in
            record = QueueRecord(
                name: row.text(0), fifo: row.integer(1) != 0, contentDeduplication: row.integer(2) != 0, visibility: Int(row.integer(3)),
                retention: Int(row.integer(4)), delay: Int(row.integer(5)), deadLetter: row.text(6), maxReceives: Int(row.integer(7)))
        }
        return record
    }

    /// Reads a queue that must exist.
    static func require(_ name: String, _ database: SQLiteDatabase) throws(CloudError) -> QueueRecord {
        guard let record = try load(name, database) else { throw MessagingNames.missingQueue(name) }
        return record
    }

    func insert(_ database: SQLiteDatabase) throws(CloudError) {
        _ = try database.execute(
            "INSERT INTO mq_queues (\(Self.columns), sequence) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0)",
            [.text(name), .integer(fifo ? 1 : 0), .integer(contentDeduplication ? 1 : 0), .integer(Int64(visibility)), .integer(Int64(retention)),
             .integer(Int64(delay)), .text(deadLetter), .integer(Int64(maxReceives))])
    }

    /// The next message sequence number of this queue.
    func nextSequence(_ database: SQLiteDatabase) throws(CloudError) -> Int64 {
        _ = try database.execute("UPDATE mq_queues SET sequence = sequence + 1 WHERE name = ?", [.text(name)])
        var sequence: Int64 = 0
        try database.query("SELECT sequence FROM mq_queues WHERE name = ?", [.text(name)]) { row throws(CloudError) in sequence = row.integer(0) }
        return sequence
    }
}
