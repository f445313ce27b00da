import CloudKitModel
import Foundation

/// Connections to one database file, opened on demand and reused.
///
/// Each operation borrows a connection for its whole duration, so
/// transactions of concurrent operations never share a connection. Writers
/// of one process also take `writeLock` so that they queue here instead of
/// polling SQLite's busy handler; writers of other processes are waited for
/// by the busy timeout.
final class SQLiteConnectionPool: @unchecked Sendable {
    /// Idle connections kept open for reuse; extra ones are closed when returned.
    static let maximumIdle = 4

    let path: String
    private let setUp: @Sendable (SQLiteDatabase) throws(CloudError) -> Void
    private let lock = NSLock()
    private var idle: [SQLiteDatabase] = []
    private var isSetUp = false
    private let writeLock = NSLock()

    /// A pool on `path`; `setUp` runs once on the first connection (creating the schema).
    init(path: String, setUp: @escaping @Sendable (SQLiteDatabase) throws(CloudError) -> Void) {
        self.path = path
        self.setUp = setUp
    }

    /// Runs `body` with a connection of its own.
    func withConnection<T>(_ body: (SQLiteDatabase) throws(CloudError) -> T) throws(CloudError) -> T {
        let database = try borrow()
        defer { giveBack(database) }
        return try body(database)
    }

    /// Runs `body` in a `BEGIN IMMEDIATE` transaction, the only way to write.
    func write<T>(_ body: (SQLiteDatabase) throws(CloudError) -> T) throws(CloudError) -> T {
        writeLock.lock()
        defer { writeLock.unlock() }
        return try withConnection { database throws(CloudError) in try database.transaction(.immediate) { () throws(CloudError) in try body(database) } }
    }

    /// Runs `body` in a read transaction: one consistent snapshot for all its statements.
    func read<T>(_ body: (SQLiteDatabase) throws(CloudError) -> T) throws(CloudError) -> T {
        try withConnection { database throws(CloudError) in try database.transaction(.deferred) { () throws(CloudError) in try body(database) } }
    }

    private func borrow() throws(CloudError) -> SQLiteDatabase {
        lock.lock()
        let reused = idle.popLast()
        let needsSetUp = !isSetUp
        lock.unlock()
        if let reused { return reused }
        let database = try SQLiteDatabase(path: path)
        if needsSetUp {
            try setUp(database)
            lock.lock()
            isSetUp = true
            lock.unlock()
        }
        return database
    }

    private func giveBack(_ database: SQLiteDatabase) {
        // A connection whose rollback failed is closed rather than reused mid-transaction.
        guard !database.isInTransaction else { return }
        lock.lock()
        defer { lock.unlock() }
        if idle.count < Self.maximumIdle { idle.append(database) }
    }
}
