import CloudKitModel
import CloudKitProviderSupport
import Foundation

/// Finds messages that other processes sharing the root made available, for
/// the receives of this process waiting on `QueueWakeups`: while anyone
/// waits, it looks every `interval` whether the database changed at all
/// (`PRAGMA data_version`, one cheap statement on a connection of its own,
/// whatever the number of waiters) and, when it did, which waited-on queues
/// have a visible message (wakes one receive of each) or one that becomes
/// visible later (wakes one then). It stops when nobody waits.
final class QueueWatcher: @unchecked Sendable {
    /// How often the database is checked for other processes' changes.
    static let interval: Duration = .milliseconds(250)

    private let wakeups: QueueWakeups
    // Used by one `BlockingIO` job at a time, one after the other.
    private var connection: SQLiteDatabase?
    private var lastVersion: Int64?
    /// When a message of a waited-on queue becomes visible (milliseconds since 1970).
    private var due: [String: Int64] = [:]

    private init(wakeups: QueueWakeups) {
        self.wakeups = wakeups
    }

    /// Starts watching `wakeups`' database in a task of its own.
    static func start(for wakeups: QueueWakeups) {
        let watcher = QueueWatcher(wakeups: wakeups)
        Task.detached { await watcher.run() }
    }

    private func run() async {
        while true {
            try? await Task.sleep(for: Self.interval)
            guard let queues = wakeups.watchedQueues() else { break }
            let now = MessagingSchema.milliseconds(Date())
            // A failed look (the database is busy or gone) is tried again next time.
            let ready = (try? await BlockingIO.run { _ throws(CloudError) in try self.look(at: queues, now: now) }) ?? []
            for queue in ready { wakeups.notify(queue) }
        }
        connection = nil
    }

    /// The queues among `queues` with a message visible at `now`.
    private func look(at queues: [String], now: Int64) throws(CloudError) -> [String] {
        let database: SQLiteDatabase
        if let connection {
            database = connection
        } else {
            database = try SQLiteDatabase(path: wakeups.databasePath)
            connection = database
        }
        var version: Int64 = 0
        try database.query("PRAGMA data_version") { row throws(CloudError) in version = row.integer(0) }
        if version != lastVersion {
            for queue in queues {
                var earliest: Int64?
                try database.query("SELECT MIN(visible_ms) FROM mq_messages WHERE queue = ?", [.text(queue)]) { row throws(CloudError) in
                    earliest = row.isNull(0) ? nil : row.integer(0)
                }
                due[queue] = earliest
            }
            lastVersion = version
        }
        let watched = Set(queues)
        due = due.filter { watched.contains($0.key) }
        let ready = due.filter { $0.value <= now }.map(\.key)
        for queue in ready { due[queue] = nil }
        return ready
    }
}
