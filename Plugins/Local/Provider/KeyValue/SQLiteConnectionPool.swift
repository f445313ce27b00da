import CloudKitModel
import CloudKitProviderSupport
import Foundation

/// Connections to one database file, opened on demand and reused, and the
/// only way to run transactions on it.
///
/// Each transaction borrows a connection for its whole duration on a
/// `BlockingIO` thread, so transactions of concurrent operations never share
/// a connection. Waiting holds no thread: writers of this process queue on
/// an `AsyncGate` shared by every pool on the same file, and a writer that
/// finds another process holding SQLite's write lock gives its thread back
/// and tries again after a short sleep (see `BusyRetry`), for up to
/// `busyLimit` (10 s unless told otherwise) before failing with `throttled`.
final class SQLiteConnectionPool: @unchecked Sendable {
    /// Idle connections kept open for reuse; extra ones are closed when returned.
    static let maximumIdle = 8
    /// How long a write waits, in all, for other processes' write locks, by default.
    static let busyLimit: Duration = .seconds(10)

    let path: String
    /// How long a write of this pool waits, in all, for other processes' write locks.
    let busyLimit: Duration
    private let setUp: @Sendable (SQLiteDatabase) throws(CloudError) -> Void
    private let lock = NSLock()
    private var idle: [SQLiteDatabase] = []
    private var isSetUp = false
    private let writers: AsyncGate

    /// A pool on `path`; `setUp` runs once on the first connection (creating the schema).
    init(path: String, busyLimit: Duration = SQLiteConnectionPool.busyLimit, setUp: @escaping @Sendable (SQLiteDatabase) throws(CloudError) -> Void) {
        self.path = path
        self.busyLimit = busyLimit
        self.setUp = setUp
        writers = Self.gate(for: path)
    }

    /// Runs `body` in a `BEGIN IMMEDIATE` transaction, the only way to write.
    func write<T: Sendable>(_ body: @escaping @Sendable (SQLiteDatabase) throws(CloudError) -> T) async throws(CloudError) -> T {
        try await writers.enter()
        defer { writers.leave() }
        return try await BusyRetry.run(limit: busyLimit, what: "the write lock of \(path)") { () async throws(CloudError) -> T? in
            try await BlockingIO.run { flag throws(CloudError) -> T? in
                try flag.check()
                return try self.withConnection { database throws(CloudError) in try database.writeTransactionIfFree { () throws(CloudError) in try body(database) } }
            }
        }
    }

    /// Runs `body` in a read transaction: one consistent snapshot for all its statements.
    func read<T: Sendable>(_ body: @escaping @Sendable (SQLiteDatabase) throws(CloudError) -> T) async throws(CloudError) -> T {
        try await BlockingIO.run { flag throws(CloudError) -> T in
            try flag.check()
            return try self.withConnection { database throws(CloudError) in
                try database.transaction(.deferred) { () throws(CloudError) in try body(database) }
            }
        }
    }

    /// Runs `body` in a read transaction (or without one: then each statement
    /// reads a snapshot of its own) on the calling thread when that needs no waiting: only
    /// on an idle connection (none is opened here), and without waiting for
    /// another connection's lock. nil, having done nothing, when it cannot or
    /// when `body` fails: the caller then reads the usual way, on a
    /// `BlockingIO` thread, and reports what fails there.
    ///
    /// What it may still wait for is the page cache: a point read of a
    /// few B-tree pages that this connection or the last write just read
    /// or wrote, judged small enough for the caller's thread (it holds no
    /// lock anyone waits for, and no other call waits for it).
    func readImmediately<T>(inTransaction: Bool, _ body: (SQLiteDatabase) throws(CloudError) -> T) -> T? {
        lock.lock()
        let reused = isSetUp ? idle.popLast() : nil
        lock.unlock()
        guard let database = reused else { return nil }
        defer { giveBack(database) }
        return database.readIfFree(inTransaction: inTransaction) { () throws(CloudError) in try body(database) }
    }

    /// Runs `body` with a connection of its own, on the calling thread.
    private func withConnection<T>(_ body: (SQLiteDatabase) throws(CloudError) -> T) throws(CloudError) -> T {
        let database = try borrow()
        defer { giveBack(database) }
        return try body(database)
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

    // MARK: One writer gate per file

    private static let gates = Locked<[String: AsyncGate]>([:])

    /// The gate of the database at `path`, shared by every pool of this process on it.
    private static func gate(for path: String) -> AsyncGate {
        gates.withLock { gates in
            if let gate = gates[path] { return gate }
            let gate = AsyncGate()
            gates[path] = gate
            return gate
        }
    }
}
