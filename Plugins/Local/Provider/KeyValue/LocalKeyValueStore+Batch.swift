import CloudKitModel

extension LocalKeyValueStore {
    /// The items that exist among `keys` (any number, no duplicates), in the
    /// order of `keys`, read from one consistent snapshot.
    public func batchGet(table: String, keys: [KVItem]) async throws(CloudError) -> [KVItem] {
        try await perform { pool async throws(CloudError) in
            try KVKeys.validateTable(table)
            return try await pool.read { database throws(CloudError) in
                let spec = try KVTableCatalog(database: database).require(table)
                var encoded: [EncodedKey] = []
                var seen: Set<EncodedKey> = []
                for key in keys {
                    let one = try KeyEncoding.encode(key: key, of: spec)
                    guard seen.insert(one).inserted else { throw Self.duplicateKey }
                    encoded.append(one)
                }
                let rows = KVItemRows(database: database)
                var items: [KVItem] = []
                for key in encoded {
                    if let item = try rows.item(table, key) { items.append(item) }
                }
                return items
            }
        }
    }

    /// Puts any number of items (no two with the same key) in one
    /// transaction; every item is validated before anything is written.
    public func batchPut(table: String, items: [KVItem]) async throws(CloudError) {
        try await perform { pool async throws(CloudError) in
            try KVKeys.validateTable(table)
            try await pool.write { database throws(CloudError) in
                let spec = try KVTableCatalog(database: database).require(table)
                var prepared: [(key: EncodedKey, text: String)] = []
                var seen: Set<EncodedKey> = []
                for item in items {
                    let one = try ItemValidation.prepare(item, for: spec)
                    guard seen.insert(one.key).inserted else { throw Self.duplicateKey }
                    prepared.append(one)
                }
                let rows = KVItemRows(database: database)
                for (key, text) in prepared { try rows.put(table, key, text) }
            }
        }
    }

    static var duplicateKey: CloudError {
        .invalidArgument("duplicate key in batch: Provided list of item keys contains duplicates")
    }
}
