import CloudKitModel

/// Reads and writes the `kv_tables` catalog on one connection (inside the caller's transaction).
struct KVTableCatalog {
    let database: SQLiteDatabase

    /// The table's key schema, or nil when it does not exist.
    func find(_ table: String) throws(CloudError) -> TableSpec? {
        var found: TableSpec?
        var unreadable: String?
        try database.query(
            "SELECT partition_key, partition_type, sort_key, sort_type FROM kv_tables WHERE name = ?", [.text(table)]
        ) { row throws(CloudError) in
            guard let partitionType = KeyType(rawValue: row.text(1)) else {
                unreadable = row.text(1)
                return
            }
            var spec = TableSpec(table: table, partitionKey: KeyAttribute(row.text(0), partitionType))
            if !row.text(2).isEmpty {
                guard let sortType = KeyType(rawValue: row.text(3)) else {
                    unreadable = row.text(3)
                    return
                }
                spec.sortKey = KeyAttribute(row.text(2), sortType)
            }
            found = spec
        }
        if let unreadable { throw .internal("table '\(table)' has an unknown key type '\(unreadable)' in the catalog") }
        return found
    }

    /// The table's key schema; `not found` when it does not exist.
    func require(_ table: String) throws(CloudError) -> TableSpec {
        guard let spec = try find(table) else { throw Self.noSuchTable(table) }
        return spec
    }

    /// Adds a table; `already exists` when one has the name.
    func insert(_ spec: TableSpec) throws(CloudError) {
        if try find(spec.table) != nil {
            throw CloudError(.alreadyExists, "table '\(spec.table)' already exists", code: "ResourceInUseException")
        }
        try database.execute(
            "INSERT INTO kv_tables (name, partition_key, partition_type, sort_key, sort_type) VALUES (?, ?, ?, ?, ?)",
            [.text(spec.table), .text(spec.partitionKey.name), .text(spec.partitionKey.type.rawValue),
             .text(spec.sortKey?.name ?? ""), .text(spec.sortKey?.type.rawValue ?? "")])
    }

    /// Removes a table and all its items; `not found` when it does not exist.
    func delete(_ table: String) throws(CloudError) {
        _ = try require(table)
        try database.execute("DELETE FROM kv_items WHERE table_name = ?", [.text(table)])
        try database.execute("DELETE FROM kv_tables WHERE name = ?", [.text(table)])
    }

    static func noSuchTable(_ table: String) -> CloudError {
        CloudError(.notFound, "table '\(table)' does not exist", code: "ResourceNotFoundException")
    }
}
