import CloudKitModel

/// The key schemas one connection has read from the catalog, each with the
/// connection's data version (`SQLiteDatabase.dataVersion`) of a snapshot in
/// which it held. While the version has not moved, nothing in the database
/// has changed — the catalog included — so a read may encode its key by the
/// remembered schema and skip the catalog (`LocalKeyValueStore+Immediate`).
struct KVSpecMemo {
    /// Tables remembered at most; beyond that the memo starts again.
    static let capacity = 1_000

    struct Entry {
        let spec: TableSpec
        let version: UInt32
    }

    private var entries: [String: Entry] = [:]

    subscript(table: String) -> Entry? { entries[table] }

    mutating func remember(_ spec: TableSpec, version: UInt32) {
        if entries.count >= Self.capacity { entries.removeAll() }
        entries[spec.table] = Entry(spec: spec, version: version)
    }

    mutating func forget(_ table: String) { entries[table] = nil }
}
