import CloudKitModel
import CloudKitProviderSupport

extension LocalKeyValueStore: ItemTextPages {
    /// Items of one partition in sort-key order (descending when asked), a
    /// page at a time when `limit` is set. A full page carries a token with
    /// the key of its last item, as DynamoDB's `LastEvaluatedKey`; the next
    /// page starts strictly after that key.
    public func query(_ request: QueryRequest) async throws(CloudError) -> ItemPage {
        let (texts, spec) = try await queryRows(request)
        return try Self.itemPage(texts, limit: request.limit, spec, table: request.table)
    }

    /// `query`'s page as the items' stored texts (`ItemTextPages`), each checked, none parsed but the last of a full page.
    public func queryTexts(_ request: QueryRequest) async throws(CloudError) -> ItemTextPage {
        let (texts, spec) = try await queryRows(request)
        return try Self.textPage(texts, limit: request.limit, spec, table: request.table)
    }

    /// The stored texts of `query`'s page, and the table's schema.
    private func queryRows(_ request: QueryRequest) async throws(CloudError) -> (texts: [String], spec: TableSpec) {
        try await perform { pool async throws(CloudError) in
            try KVKeys.validateTable(request.table)
            try Self.validateLimit(request.limit)
            let token = try Self.decodeToken(request.pageToken)
            return try await pool.read { database throws(CloudError) in
                let spec = try KVTableCatalog(database: database).require(request.table)
                let partition = try KeyEncoding.encode(request.partition, as: spec.partitionKey)
                var range = try SortKeyRange(request.sort, spec: spec)
                if let token {
                    let resume = try Self.tokenKey(token, spec)
                    guard resume.partition == partition else {
                        throw .invalidArgument("the page token belongs to another partition than this query's")
                    }
                    range.resume(after: resume.sort, descending: request.descending)
                }
                let (clauses, values) = range.sql
                var sql = "SELECT item FROM kv_items WHERE table_name = ? AND pk = ?\(clauses) ORDER BY sk \(request.descending ? "DESC" : "ASC")"
                var bound: [SQLiteValue] = [.text(request.table), .blob(partition)] + values
                if let limit = request.limit {
                    sql += " LIMIT ?"
                    bound.append(.integer(Int64(limit)))
                }
                return (try KVItemRows(database: database).texts(sql, bound), spec)
            }
        }
    }

    /// Every item of the table, ordered by encoded partition then sort key,
    /// with the same paging as `query`.
    public func scan(_ request: ScanRequest) async throws(CloudError) -> ItemPage {
        let (texts, spec) = try await scanRows(request)
        return try Self.itemPage(texts, limit: request.limit, spec, table: request.table)
    }

    /// `scan`'s page as the items' stored texts (`ItemTextPages`).
    public func scanTexts(_ request: ScanRequest) async throws(CloudError) -> ItemTextPage {
        let (texts, spec) = try await scanRows(request)
        return try Self.textPage(texts, limit: request.limit, spec, table: request.table)
    }

    /// The stored texts of `scan`'s page, and the table's schema.
    private func scanRows(_ request: ScanRequest) async throws(CloudError) -> (texts: [String], spec: TableSpec) {
        try await perform { pool async throws(CloudError) in
            try KVKeys.validateTable(request.table)
            try Self.validateLimit(request.limit)
            let token = try Self.decodeToken(request.pageToken)
            return try await pool.read { database throws(CloudError) in
                let spec = try KVTableCatalog(database: database).require(request.table)
                var sql = "SELECT item FROM kv_items WHERE table_name = ?"
                var bound: [SQLiteValue] = [.text(request.table)]
                if let token {
                    let resume = try Self.tokenKey(token, spec)
                    sql += " AND (pk, sk) > (?, ?)"
                    bound += [.blob(resume.partition), .blob(resume.sort)]
                }
                sql += " ORDER BY pk, sk"
                if let limit = request.limit {
                    sql += " LIMIT ?"
                    bound.append(.integer(Int64(limit)))
                }
                return (try KVItemRows(database: database).texts(sql, bound), spec)
            }
        }
    }

    /// nil (everything) or 1...`KVLimits.pageLimit`.
    static func validateLimit(_ limit: Int?) throws(CloudError) {
        guard let limit else { return }
        guard (1...KVLimits.pageLimit).contains(limit) else {
            throw .invalidArgument("limit must be between 1 and \(KVLimits.pageLimit), not \(limit)")
        }
    }

    static func decodeToken(_ token: String?) throws(CloudError) -> KVItem? {
        guard let token else { return nil }
        return try KVPageToken.decode(token)
    }

    /// The encoded key a page token names; `invalid argument` when it is not a key of this table.
    static func tokenKey(_ token: KVItem, _ spec: TableSpec) throws(CloudError) -> EncodedKey {
        do throws(CloudError) {
            return try KeyEncoding.encode(key: token, of: spec)
        } catch {
            throw .invalidArgument("the page token is not one table '\(spec.table)' issued: \(error.message)")
        }
    }

    /// A page whose token is the last item's key when the page is full (more may follow).
    static func page(_ items: [KVItem], limit: Int?, _ spec: TableSpec) -> ItemPage {
        guard let limit, items.count == limit, let last = items.last else { return ItemPage(items: items, nextPageToken: nil) }
        return ItemPage(items: items, nextPageToken: token(after: last, spec))
    }

    /// The page of the stored `texts`, each parsed.
    static func itemPage(_ texts: [String], limit: Int?, _ spec: TableSpec, table: String) throws(CloudError) -> ItemPage {
        page(try texts.map { (text) throws(CloudError) in try KVItemRows.decode(text, table) }, limit: limit, spec)
    }

    /// `page`'s answer as texts, each checked to be a JSON object: only the
    /// last item of a full page is parsed, for its key in the token.
    static func textPage(_ texts: [String], limit: Int?, _ spec: TableSpec, table: String) throws(CloudError) -> ItemTextPage {
        for text in texts { _ = try KVItemRows.checked(text, table) }
        guard let limit, texts.count == limit, let last = texts.last else { return ItemTextPage(texts: texts, nextPageToken: nil) }
        return ItemTextPage(texts: texts, nextPageToken: token(after: try KVItemRows.decode(last, table), spec))
    }

    /// The page token naming `item`'s key.
    private static func token(after item: KVItem, _ spec: TableSpec) -> String {
        KVPageToken.encode(KeyEncoding.keyItem(of: item, spec))
    }
}
