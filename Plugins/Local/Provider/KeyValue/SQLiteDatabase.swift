import CSQLite
import CloudKitModel

/// One connection to an SQLite database file, with every SQLite failure
/// turned into a `CloudError`.
///
/// Opened with the WAL journal (readers never block the writer) and a short
/// busy timeout: a write transaction does not wait for another connection's
/// write lock at all (`writeTransactionIfFree` tells the caller, who waits
/// without a thread), and the rare other statement that meets a lock waits
/// at most `busyTimeoutMilliseconds`. Prepared statements are cached per
/// connection. A connection is used by one thread at a time, handed over
/// under a lock (see `SQLiteConnectionPool`; the queue watcher's connection
/// by one `BlockingIO` job after another); that is what makes the
/// `@unchecked Sendable` safe, and why it is opened with
/// `SQLITE_OPEN_NOMUTEX`: SQLite's own per-connection mutex, taken on every
/// call, would guard against nothing.
final class SQLiteDatabase: @unchecked Sendable {
    /// How long a statement waits for another connection's lock before failing with `throttled`.
    static let busyTimeoutMilliseconds: Int32 = 1_000

    let path: String
    private let handle: OpaquePointer
    private var statements: [String: SQLiteStatement] = [:]
    /// The statement used last, found without hashing its text when the
    /// same text comes again (a literal compares by its address at once).
    private var lastUsed: (sql: String, statement: SQLiteStatement)?
    /// The key schemas this connection has read, for immediate item reads.
    var specMemo = KVSpecMemo()

    /// Opens (creating when missing) the database at `path`.
    init(path: String) throws(CloudError) {
        self.path = path
        var opened: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let code = sqlite3_open_v2(path, &opened, flags, nil)
        guard let opened else {
            throw SQLiteDatabase.error(code, "cannot open \(path): \(String(cString: sqlite3_errstr(code)))")
        }
        guard code == SQLITE_OK else {
            let failure = SQLiteDatabase.error(code, "cannot open \(path): \(SQLiteDatabase.message(opened))")
            sqlite3_close_v2(opened)
            throw failure
        }
        handle = opened
        sqlite3_extended_result_codes(handle, 1)
        sqlite3_busy_timeout(handle, Self.busyTimeoutMilliseconds)
        do {
            // Persistent in the file; a no-op once the database is in WAL mode.
            try execute("PRAGMA journal_mode=WAL")
        } catch {
            close()
            throw error
        }
    }

    deinit { close() }

    private func close() {
        lastUsed = nil
        for statement in statements.values { statement.finalize() }
        statements.removeAll()
        sqlite3_close_v2(handle)
    }

    // MARK: Statements

    /// Runs `sql` with `values` bound to its `?` parameters and calls `row` for each result row.
    func query(_ sql: String, _ values: [SQLiteValue] = [], row: (SQLiteStatement) throws(CloudError) -> Void) throws(CloudError) {
        let statement = try prepared(sql)
        defer { statement.reset() }
        try statement.bind(values)
        while try statement.step() { try row(statement) }
    }

    /// Runs a statement that returns no rows (or whose rows are ignored); returns the number of rows it changed.
    @discardableResult
    func execute(_ sql: String, _ values: [SQLiteValue] = []) throws(CloudError) -> Int {
        try query(sql, values) { _ throws(CloudError) in }
        return Int(sqlite3_changes(handle))
    }

    /// The cached prepared statement for `sql`, preparing it on first use.
    private func prepared(_ sql: String) throws(CloudError) -> SQLiteStatement {
        if let lastUsed, lastUsed.sql == sql { return lastUsed.statement }
        let statement: SQLiteStatement
        if let cached = statements[sql] {
            statement = cached
        } else {
            var prepared: OpaquePointer?
            let code = sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &prepared, nil)
            guard code == SQLITE_OK, let prepared else { throw failure(code) }
            statement = SQLiteStatement(prepared, database: self)
            statements[sql] = statement
        }
        lastUsed = (sql, statement)
        return statement
    }

    /// A number that changes whenever the database has changed — through
    /// this connection or any other, in any process — between two read
    /// transactions of this connection (`SQLITE_FCNTL_DATA_VERSION`); the
    /// value as of its latest one.
    var dataVersion: UInt32 {
        var version: UInt32 = 0
        sqlite3_file_control(handle, "main", SQLITE_FCNTL_DATA_VERSION, &version)
        return version
    }

    // MARK: Transactions

    /// How a transaction takes its locks.
    enum TransactionMode: String {
        /// Takes the write lock at once (`BEGIN IMMEDIATE`): for every read-modify-write.
        case immediate = "BEGIN IMMEDIATE"
        /// A read snapshot (`BEGIN DEFERRED`): for reads made of several statements.
        case deferred = "BEGIN DEFERRED"
    }

    /// Runs `body` in a transaction: committed when it returns, rolled back when it throws.
    func transaction<T>(_ mode: TransactionMode, _ body: () throws(CloudError) -> T) throws(CloudError) -> T {
        try execute(mode.rawValue)
        return try finishTransaction(body)
    }

    /// Runs `body` in a `BEGIN IMMEDIATE` transaction when no other
    /// connection holds the write lock; nil, having done nothing, when one
    /// does (the caller tries again later instead of blocking here).
    func writeTransactionIfFree<T>(_ body: () throws(CloudError) -> T) throws(CloudError) -> T? {
        sqlite3_busy_timeout(handle, 0)
        defer { sqlite3_busy_timeout(handle, Self.busyTimeoutMilliseconds) }
        do {
            try execute(TransactionMode.immediate.rawValue)
        } catch where error.code == "SQLITE_BUSY" {
            return nil
        }
        return try finishTransaction(body)
    }

    /// Runs `body` without waiting for any lock — in a read transaction, or
    /// without one (each statement then reads a snapshot of its own): nil,
    /// having done nothing, when another connection holds a lock it needs
    /// (SQLite's busy handler is off meanwhile), or when `body` fails.
    func readIfFree<T>(inTransaction: Bool, _ body: () throws(CloudError) -> T) -> T? {
        sqlite3_busy_timeout(handle, 0)
        defer { sqlite3_busy_timeout(handle, Self.busyTimeoutMilliseconds) }
        return inTransaction ? try? transaction(.deferred, body) : try? body()
    }

    /// Runs `body` in the open transaction: commits when it returns, rolls back when it throws.
    private func finishTransaction<T>(_ body: () throws(CloudError) -> T) throws(CloudError) -> T {
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            rollbackIfActive()
            throw error
        }
    }

    /// True while a transaction is open on this connection.
    var isInTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }

    private func rollbackIfActive() {
        guard isInTransaction else { return }
        _ = try? execute("ROLLBACK")
    }

    // MARK: Errors

    /// The error for a failed call that returned `code` on this connection.
    func failure(_ code: Int32) -> CloudError {
        SQLiteDatabase.error(code, "SQLite error in \(path): \(SQLiteDatabase.message(handle))")
    }

    private static func message(_ handle: OpaquePointer) -> String {
        sqlite3_errmsg(handle).map { String(cString: $0) } ?? "unknown error"
    }

    /// `throttled` (retryable) when the database stayed locked by another
    /// connection past the busy timeout; `internal` for anything else.
    static func error(_ code: Int32, _ message: String) -> CloudError {
        let primary = code & 0xFF
        if primary == SQLITE_BUSY || primary == SQLITE_LOCKED {
            return CloudError(.throttled, message, code: "SQLITE_BUSY", retryable: true)
        }
        return CloudError(.internal, message, code: "SQLITE_\(primary)")
    }
}
