import CloudKitModel

/// Reads and writes rows of `kv_items` on one connection (inside the caller's transaction).
struct KVItemRows {
    let database: SQLiteDatabase

    /// The item stored under `key` in `table`, or nil.
    func item(_ table: String, _ key: EncodedKey) throws(CloudError) -> KVItem? {
        var text: String?
        try database.query(
            "SELECT item FROM kv_items WHERE table_name = ? AND pk = ? AND sk = ?",
            [.text(table), .blob(key.partition), .blob(key.sort)]
        ) { row throws(CloudError) in text = row.text(0) }
        guard let text else { return nil }
        return try Self.decode(text, table)
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

    /// Runs `sql` (selecting the item text as its first column) and decodes every row.
    func items(_ sql: String, _ values: [SQLiteValue], table: String) throws(CloudError) -> [KVItem] {
        var texts: [String] = []
        try database.query(sql, values) { row throws(CloudError) in texts.append(row.text(0)) }
        var items: [KVItem] = []
        items.reserveCapacity(texts.count)
        for text in texts { items.append(try Self.decode(text, table)) }
        return items
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
