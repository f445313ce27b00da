import CloudKitModel
import CloudKitProviderSupport

/// Item reads finished on the caller's thread when they need no waiting (see
/// `SQLiteConnectionPool.readImmediately`): a point read on a WAL database
/// takes no lock that anyone waits for, so a hop to a `BlockingIO` thread and
/// back would cost several times the read.
///
/// The key is encoded by the table's schema. A connection remembers the
/// schemas it read with its data version then (`KVSpecMemo`): while that has
/// not moved, nothing changed and the item is one plain statement; when it
/// has, one statement reads the item and checks the schema in the catalog
/// too; the first time, the catalog and the item are read in one read
/// transaction. The item is handed on as its stored text — `KVJSON.text`'s,
/// the one form items are ever stored in — once it has been checked to
/// parse. Anything else — no idle connection, another connection's lock in
/// the way, a missing table or a changed schema, an invalid key — goes the
/// usual way, which reports it.
extension LocalKeyValueStore: ImmediateItemReads {
    /// What a read by a remembered schema came to.
    private enum Remembered {
        /// The item's text, or nil when absent.
        case answered(String?)
        /// No schema remembered (or it changed): read the catalog.
        case unknown
    }

    /// The key's JSON text is encoded as it is when it is flat (every
    /// string or number key); any other text is left to the usual read.
    public func getItemImmediately(table: String, keyText: String) -> Result<String?, CloudError>? {
        immediately(table) { spec throws(CloudError) in
            // Any throw here only sends the call the usual way, which parses the key and reports what is wrong.
            guard let key = KeyEncoding.encode(keyText: keyText, of: spec) else { throw .invalidArgument("the key is left to the usual read") }
            return key
        }
    }

    /// The same for a parsed key.
    func getItemImmediately(_ request: GetItemRequest) -> Result<String?, CloudError>? {
        immediately(request.table) { spec throws(CloudError) in try KeyEncoding.encode(key: request.key, of: spec) }
    }

    private func immediately(_ table: String, _ encodeKey: (TableSpec) throws(CloudError) -> EncodedKey) -> Result<String?, CloudError>? {
        guard (try? KVKeys.validateTable(table)) != nil else { return nil }
        let remembered: Remembered? = pool.readImmediately(inTransaction: false) { database throws(CloudError) in
            guard let known = database.specMemo[table] else { return .unknown }
            let key = try encodeKey(known.spec)
            let rows = KVItemRows(database: database)
            let text = try rows.text(table, key)
            if database.dataVersion == known.version { return .answered(try KVItemRows.checked(text, table)) }
            switch try rows.item(table, key, ifTableIs: known.spec) {
            case .found(let text):
                database.specMemo.remember(known.spec, version: database.dataVersion)
                return .answered(text)
            case .schemaChanged:
                database.specMemo.forget(table)
                return .unknown
            }
        }
        switch remembered {
        case .answered(let text)?: return .success(text)
        case .unknown?: return readingTheCatalog(table, encodeKey)
        case nil: return nil
        }
    }

    /// The schema from the catalog, remembered, and the item, in one read transaction.
    private func readingTheCatalog(_ table: String, _ encodeKey: (TableSpec) throws(CloudError) -> EncodedKey) -> Result<String?, CloudError>? {
        let text: String?? = pool.readImmediately(inTransaction: true) { database throws(CloudError) in
            let spec = try KVTableCatalog(database: database).require(table)
            database.specMemo.remember(spec, version: database.dataVersion)
            let key = try encodeKey(spec)
            return try KVItemRows(database: database).checkedText(table, key)
        }
        return text.map { .success($0) }
    }
}
