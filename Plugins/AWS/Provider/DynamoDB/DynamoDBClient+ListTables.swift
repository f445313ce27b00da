import CloudKitModel

/// Listing tables (DynamoDB `ListTables`), paged as every resource listing is (see `ResourcePager`).
extension DynamoDBClient {
    /// DynamoDB's largest `Limit`, asked for on every call so that a prefix
    /// (filtered here: DynamoDB has none) leaves as full pages as it can.
    static let tablePageSize = 100

    /// One page of the account's tables in this region: names with
    /// `request.prefix`, in ascending order, continuing with
    /// `ExclusiveStartTableName` from DynamoDB's `LastEvaluatedTableName`.
    /// DynamoDB reports neither an ARN nor a creation time in the listing, so both are nil.
    public func listTables(_ request: ListResourcesRequest) async throws(CloudError) -> ResourcePage {
        try await ResourcePager.page(request, kind: .tables, defaultSize: Self.tablePageSize, operation: "DynamoDB ListTables") {
            token throws(CloudError) in
            var body: [String: JSONValue] = ["Limit": .number(String(Self.tablePageSize))]
            if let token { body["ExclusiveStartTableName"] = .string(token) }
            let reply = try await call("ListTables", body)
            let names = (reply["TableNames"]?.arrayValue ?? []).compactMap(\.stringValue)
            let next = reply["LastEvaluatedTableName"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
            return ServicePage(items: names.map { ResourceSummary(name: $0) }, nextToken: next)
        }
    }
}
