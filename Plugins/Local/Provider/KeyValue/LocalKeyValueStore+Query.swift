import CloudKitModel

extension LocalKeyValueStore {
    /// Items of one partition in sort-key order (descending when asked), a
    /// page at a time when `limit` is set. A full page carries a token with
    /// the key of its last item, as DynamoDB's `LastEvaluatedKey`; the next
    /// page starts strictly after that key.
    public func query(_ request: QueryRequest) async throws(CloudError) -> ItemPage {
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
                let items = try KVItemRows(database: database).items(sql, bound, table: request.table)
                return Self.page(items, limit: request.limit, spec)
            }
        }
    }

    /// Every item of the table, ordered by encoded partition then sort key,
    /// with the same paging as `query`.
    public func scan(_ request: ScanRequest) async throws(CloudError) -> ItemPage {
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
                let items = try KVItemRows(database: database).items(sql, bound, table: request.table)
                return Self.page(items, limit: request.limit, spec)
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
        return ItemPage(items: items, nextPageToken: KVPageToken.encode(KeyEncoding.keyItem(of: last, spec)))
    }
}
