import CloudKitModel

extension LocalKeyValueStore {
    /// One page of the tables in the catalog: names with `request.prefix`, in
    /// ascending order (see `ResourcePaging`). The catalog keeps neither an
    /// ARN nor a creation time, so both are nil.
    public func listTables(_ request: ListResourcesRequest) async throws(CloudError) -> ResourcePage {
        let paging = try ResourcePaging(request, kind: .tables)
        return try await perform { pool async throws(CloudError) in
            try await pool.read { database throws(CloudError) in
                var names: [ResourceSummary] = []
                let query = paging.candidatesQuery(table: "kv_tables")
                try database.query(query.sql, query.values) { row throws(CloudError) in names.append(ResourceSummary(name: row.text(0))) }
                return paging.page(names)
            }
        }
    }
}
