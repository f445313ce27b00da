import CloudKitModel

/// The key-value service's tables in `<root>/cloudkit.sqlite3`.
///
/// - `kv_tables`: one row per table, its key schema;
/// - `kv_items`: every item of every table, keyed by the table name and the
///   encoded partition and sort key values (see `KeyEncoding`); the sort key
///   is an empty blob when the table has none. `WITHOUT ROWID` keeps the
///   rows in key order, which is the order queries and scans return.
///
/// Items are stored as their `KVJSON` text.
enum KVSchema {
    static let statements = [
        """
        CREATE TABLE IF NOT EXISTS kv_tables (
            name TEXT PRIMARY KEY NOT NULL,
            partition_key TEXT NOT NULL,
            partition_type TEXT NOT NULL,
            sort_key TEXT,
            sort_type TEXT
        )
        """,
        """
        CREATE TABLE IF NOT EXISTS kv_items (
            table_name TEXT NOT NULL,
            pk BLOB NOT NULL,
            sk BLOB NOT NULL,
            item TEXT NOT NULL,
            PRIMARY KEY (table_name, pk, sk)
        ) WITHOUT ROWID
        """,
    ]

    /// Creates the tables when missing.
    static func create(_ database: SQLiteDatabase) throws(CloudError) {
        try database.transaction(.immediate) { () throws(CloudError) in
            for statement in statements { try database.execute(statement) }
        }
    }
}
