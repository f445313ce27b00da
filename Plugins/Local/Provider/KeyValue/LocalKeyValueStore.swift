import CloudKitModel
import CloudKitProviderSupport

/// Key-value tables on the local disk with DynamoDB's semantics: key
/// schemas and types, the order of queries and scans (strings by UTF-8
/// bytes, numbers by value, binary by unsigned bytes), conditional writes,
/// upserting updates, batches and all-or-nothing transactions, and the same
/// error kinds and codes (`ResourceNotFoundException`,
/// `ResourceInUseException`, `ConditionalCheckFailedException`,
/// `TransactionCanceledException`, `ValidationException`).
///
/// Everything lives in the SQLite database `<root>/cloudkit.sqlite3` (see
/// `KVSchema`), opened on first use. Safe for concurrent use and for several
/// processes sharing one root: every read-modify-write is one
/// `BEGIN IMMEDIATE` transaction, so conditions are checked and writes made
/// atomically with respect to every other writer. Each transaction runs on a
/// `BlockingIO` thread; a cancelled task stops before it starts.
public final class LocalKeyValueStore: KeyValueStore {
    /// The root whose `cloudkit.sqlite3` holds the tables.
    public let root: LocalRoot
    let logger: ProviderLogger
    let pool: SQLiteConnectionPool

    /// A store on `root`, creating the root folder when missing; the database is opened on first use.
    public convenience init(root: LocalRoot, logger: ProviderLogger = .silent) throws(CloudError) {
        try self.init(root: root, logger: logger, busyLimit: SQLiteConnectionPool.busyLimit)
    }

    /// A store whose writes wait up to `busyLimit` for other processes'
    /// write locks (tests that hold a lock on purpose wait longer than a
    /// loaded machine could take).
    init(root: LocalRoot, logger: ProviderLogger, busyLimit: Duration) throws(CloudError) {
        self.root = root
        self.logger = logger
        do {
            try FileSystem.makeDirectories(root.path)
        } catch where error.kind == .notFound {
            // A file where a folder should be: the root option is wrong.
            throw CloudError(.invalidArgument, "the local root \(root.path) cannot be used: \(error.message)", code: "InvalidArgument")
        }
        pool = SQLiteConnectionPool(path: root.databasePath, busyLimit: busyLimit) { database throws(CloudError) in try KVSchema.create(database) }
    }

    // MARK: Tables

    /// Creates a table; `already exists` (`ResourceInUseException`) when one has the name.
    public func createTable(_ spec: TableSpec) async throws(CloudError) {
        try await perform { pool async throws(CloudError) in
            try KVKeys.validateTable(spec.table)
            try KVKeys.validateAttributeName(spec.partitionKey.name, "partition key")
            if let sortKey = spec.sortKey {
                try KVKeys.validateAttributeName(sortKey.name, "sort key")
                guard sortKey.name != spec.partitionKey.name else {
                    throw .invalidArgument("the partition key and the sort key cannot both be named '\(sortKey.name)'")
                }
            }
            try await pool.write { database throws(CloudError) in try KVTableCatalog(database: database).insert(spec) }
        }
    }

    /// Deletes a table and all its items; `not found` when it does not exist.
    public func deleteTable(_ table: String) async throws(CloudError) {
        try await perform { pool async throws(CloudError) in
            try KVKeys.validateTable(table)
            try await pool.write { database throws(CloudError) in try KVTableCatalog(database: database).delete(table) }
        }
    }

    // MARK: Items

    /// Stores an item, replacing any item with its key, when the condition holds.
    public func putItem(_ request: PutItemRequest) async throws(CloudError) {
        try await perform { pool async throws(CloudError) in
            try KVKeys.validateTable(request.table)
            try ConditionEvaluator.validate(request.condition)
            try await pool.write { database throws(CloudError) in
                let spec = try KVTableCatalog(database: database).require(request.table)
                let (key, text) = try ItemValidation.prepare(request.item, for: spec)
                let rows = KVItemRows(database: database)
                if request.condition != nil {
                    try ConditionEvaluator.require(request.condition, on: try rows.item(request.table, key))
                }
                try rows.put(request.table, key, text)
            }
        }
    }

    /// The item with the key, or nil. Reads are always strongly consistent.
    public func getItem(_ request: GetItemRequest) async throws(CloudError) -> KVItem? {
        try await perform { pool async throws(CloudError) in
            try KVKeys.validateTable(request.table)
            return try await pool.read { database throws(CloudError) in
                let spec = try KVTableCatalog(database: database).require(request.table)
                let key = try KeyEncoding.encode(key: request.key, of: spec)
                return try KVItemRows(database: database).item(request.table, key)
            }
        }
    }

    /// Deletes the item with the key when the condition holds; deleting an absent item succeeds.
    public func deleteItem(_ request: DeleteItemRequest) async throws(CloudError) {
        try await perform { pool async throws(CloudError) in
            try KVKeys.validateTable(request.table)
            try ConditionEvaluator.validate(request.condition)
            try await pool.write { database throws(CloudError) in
                let spec = try KVTableCatalog(database: database).require(request.table)
                let key = try KeyEncoding.encode(key: request.key, of: spec)
                let rows = KVItemRows(database: database)
                if request.condition != nil {
                    try ConditionEvaluator.require(request.condition, on: try rows.item(request.table, key))
                }
                try rows.delete(request.table, key)
            }
        }
    }

    /// Sets, removes and adds to attributes of the item with the key,
    /// creating it from the key when absent (after checking the condition
    /// against the absent item); returns the item as it is afterwards.
    public func updateItem(_ request: UpdateItemRequest) async throws(CloudError) -> KVItem {
        try await perform { pool async throws(CloudError) in
            try KVKeys.validateTable(request.table)
            try ConditionEvaluator.validate(request.condition)
            return try await pool.write { database throws(CloudError) in
                let spec = try KVTableCatalog(database: database).require(request.table)
                let key = try KeyEncoding.encode(key: request.key, of: spec)
                let update = ItemUpdate(request: request, spec: spec)
                try update.validate()
                let rows = KVItemRows(database: database)
                let current = try rows.item(request.table, key)
                try ConditionEvaluator.require(request.condition, on: current)
                let updated = try update.apply(to: current)
                let (_, text) = try ItemValidation.prepare(updated, for: spec)
                try rows.put(request.table, key, text)
                return updated
            }
        }
    }

    // MARK: Running

    /// Runs `work` on the store's database (whose transactions run on
    /// `BlockingIO` threads and wait for locks without holding one), logging
    /// a database that stayed locked and tagging validation errors.
    func perform<T: Sendable>(_ work: (SQLiteConnectionPool) async throws(CloudError) -> T) async throws(CloudError) -> T {
        do {
            return try await work(pool)
        } catch {
            if error.kind == .throttled { logger.warning("key-value database \(pool.path) stayed locked: \(error.message)") }
            throw Self.tagged(error)
        }
    }

    /// Gives invalid-argument errors DynamoDB's code, `ValidationException`.
    static func tagged(_ error: CloudError) -> CloudError {
        guard error.kind == .invalidArgument, error.code == nil else { return error }
        var tagged = error
        tagged.code = "ValidationException"
        return tagged
    }
}
