import CloudKitModel

/// Reads and writes rows of `kv_items` on one connection (inside the caller's transaction).
struct KVItemRows {
    let database: SQLiteDatabase

    /// The item stored under `key` in `table`, or nil.
    func item(_ table: String, _ key: EncodedKey) throws(CloudError) -> KVItem? {
        try text(table, key).map { text throws(CloudError) in try Self.decode(text, table) }
    }

    /// The stored text (`KVJSON.text`) of the item under `key` in `table`, checked to be an item, or nil.
    func checkedText(_ table: String, _ key: EncodedKey) throws(CloudError) -> String? {
        try Self.checked(try text(table, key), table)
    }

    /// The stored text of the item under `key` in `table`, unchecked, or nil.
    func text(_ table: String, _ key: EncodedKey) throws(CloudError) -> String? {
        var text: String?
        try database.query(
            "SELECT item FROM kv_items WHERE table_name = ? AND pk = ? AND sk = ?",
            [.text(table), .blob(key.partition), .blob(key.sort)]
        ) { row throws(CloudError) in text = row.text(0) }
        return text
    }

    /// What a read that also checks the table's schema found.
    enum CheckedItem {
        /// The table still has the expected schema; the item's stored text
        /// (checked to be an item), or nil when absent.
        case found(String?)
        /// The table is gone or has another schema now.
        case schemaChanged
    }

    /// The item under `key` in `table`, read in one statement that also
    /// checks the catalog still gives the table the schema `spec` (by which
    /// `key` was encoded): a snapshot of both, without a transaction.
    func item(_ table: String, _ key: EncodedKey, ifTableIs spec: TableSpec) throws(CloudError) -> CheckedItem {
        var found = false
        var text: String?
        try database.query(
            """
            SELECT i.item FROM kv_tables AS t LEFT JOIN kv_items AS i ON i.table_name = t.name AND i.pk = ? AND i.sk = ?
            WHERE t.name = ? AND t.partition_key = ? AND t.partition_type = ? AND t.sort_key = ? AND t.sort_type = ?
            """,
            [.blob(key.partition), .blob(key.sort), .text(table), .text(spec.partitionKey.name), .text(spec.partitionKey.type.rawValue),
             .text(spec.sortKey?.name ?? ""), .text(spec.sortKey?.type.rawValue ?? "")]
        ) { row throws(CloudError) in
            found = true
            text = row.isNull(0) ? nil : row.text(0)
        }
        guard found else { return .schemaChanged }
        return .found(try Self.checked(text, table))
    }

    /// Stores `text` (an item's KVJSON) under `key`, replacing any item there.
    func put(_ table: String, _ key: EncodedKey, _ text: String) throws(CloudError) {
        try database.execute(
            "INSERT OR REPLACE INTO kv_items (table_name, pk, sk, item) VALUES (?, ?, ?, ?)",
            [.text(table), .blob(key.partition), .blob(key.sort), .text(text)])
    }

    /// Removes the item under `key`, if any.
    func delete(_ table: String, _ key: EncodedKey) throws(CloudError) {
        try database.execute(
            "DELETE FROM kv_items WHERE table_name = ? AND pk = ? AND sk = ?",
            [.text(table), .blob(key.partition), .blob(key.sort)])
    }

    /// Runs `sql` (selecting the item text as its first column): every row's stored text, unchecked.
    func texts(_ sql: String, _ values: [SQLiteValue]) throws(CloudError) -> [String] {
        var texts: [String] = []
        try database.query(sql, values) { row throws(CloudError) in texts.append(row.text(0)) }
        return texts
    }

    /// `text` when it is a JSON object (or nil); `internal` when it is not.
    /// Only the syntax is checked, not built (a get hands the text on as it
    /// is): items are stored as `KVJSON.text` writes them, so this catches a
    /// row damaged or written by something else, at a fraction of a parse.
    static func checked(_ text: String?, _ table: String) throws(CloudError) -> String? {
        guard let text else { return nil }
        // Nearly every stored item is flat: checked by a walk that builds nothing.
        if KVFlatItem.isFlat(text) { return text }
        do throws(CloudError) {
            try JSONValue.check(text, what: "the item", object: true)
        } catch {
            throw .internal("an item stored in table '\(table)' cannot be read: \(error.message)")
        }
        return text
    }

    /// An item from its stored text; a text that does not parse is corruption, so `internal`.
    static func decode(_ text: String, _ table: String) throws(CloudError) -> KVItem {
        do throws(CloudError) {
            return try KVJSON.item(text)
        } catch {
            throw .internal("an item stored in table '\(table)' cannot be read: \(error.message)")
        }
    }
}
