import CloudKitModel

/// The queue and pub/sub tables in `<root>/cloudkit.sqlite3`.
///
/// - `mq_queues`: one row per queue, its settings and its message counter;
/// - `mq_messages`: every message; a message is visible when `visible_ms`
///   has passed, in flight when it has been received and is not yet
///   visible again (its current `receipt` names that receive);
/// - `mq_dedup`: FIFO deduplication ids seen in the last 5 minutes;
/// - `ps_topics`, `ps_subscriptions`, `ps_dedup`: topics, their queue
///   subscriptions, and FIFO topic deduplication.
enum MessagingSchema {
    static let statements = [
        """
        CREATE TABLE IF NOT EXISTS mq_queues (
            name TEXT PRIMARY KEY NOT NULL, fifo INTEGER NOT NULL, content_dedup INTEGER NOT NULL,
            visibility INTEGER NOT NULL, retention INTEGER NOT NULL, delay INTEGER NOT NULL,
            dead_letter TEXT NOT NULL, max_receives INTEGER NOT NULL, sequence INTEGER NOT NULL
        )
        """,
        """
        CREATE TABLE IF NOT EXISTS mq_messages (
            id TEXT PRIMARY KEY NOT NULL, queue TEXT NOT NULL, body TEXT NOT NULL, attributes TEXT NOT NULL,
            group_id TEXT NOT NULL, sequence INTEGER NOT NULL, sent_ms INTEGER NOT NULL, visible_ms INTEGER NOT NULL,
            receive_count INTEGER NOT NULL, receipt TEXT NOT NULL
        )
        """,
        "CREATE INDEX IF NOT EXISTS mq_messages_order ON mq_messages (queue, sequence)",
        "CREATE INDEX IF NOT EXISTS mq_messages_receipt ON mq_messages (receipt)",
        // When a queue's next message becomes visible, for long polls (see `QueueWatcher`).
        "CREATE INDEX IF NOT EXISTS mq_messages_visible ON mq_messages (queue, visible_ms)",
        """
        CREATE TABLE IF NOT EXISTS mq_dedup (
            scope TEXT NOT NULL, dedup_id TEXT NOT NULL, message_id TEXT NOT NULL, sequence TEXT NOT NULL, expires_ms INTEGER NOT NULL,
            PRIMARY KEY (scope, dedup_id)
        ) WITHOUT ROWID
        """,
        """
        CREATE TABLE IF NOT EXISTS ps_topics (
            name TEXT PRIMARY KEY NOT NULL, fifo INTEGER NOT NULL, content_dedup INTEGER NOT NULL, sequence INTEGER NOT NULL
        )
        """,
        """
        CREATE TABLE IF NOT EXISTS ps_subscriptions (
            arn TEXT PRIMARY KEY NOT NULL, topic TEXT NOT NULL, queue TEXT NOT NULL, raw INTEGER NOT NULL, filter TEXT NOT NULL
        )
        """,
    ]

    /// Creates the tables when missing.
    static func create(_ database: SQLiteDatabase) throws(CloudError) {
        try database.transaction(.immediate) { () throws(CloudError) in
            for statement in statements { _ = try database.execute(statement) }
        }
    }

    /// Milliseconds since 1970 of `date`.
    static func milliseconds(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }
}

import Foundation
