/// Key-value tables with DynamoDB's data model: items addressed by a
/// partition key and an optional sort key.
///
/// The host's ABI-backed client and every provider's backend implement this
/// one protocol. All methods are safe to call concurrently and throw only
/// `CloudError`: a missing table is `not found`, a failed condition
/// `precondition failed`, a cancelled transaction `precondition failed`
/// with `detailsJSON` naming the failing operation (`{"index": N, "reason": "..."}`).
public protocol KeyValueStore: Sendable {
    func createTable(_ spec: TableSpec) async throws(CloudError)
    func deleteTable(_ table: String) async throws(CloudError)
    func putItem(_ request: PutItemRequest) async throws(CloudError)
    /// The item, or nil when no item has the key.
    func getItem(_ request: GetItemRequest) async throws(CloudError) -> KVItem?
    func deleteItem(_ request: DeleteItemRequest) async throws(CloudError)
    /// Returns the whole item as it is after the update.
    func updateItem(_ request: UpdateItemRequest) async throws(CloudError) -> KVItem
    /// Items of one partition in sort-key order.
    func query(_ request: QueryRequest) async throws(CloudError) -> ItemPage
    /// Every item of a table, in no particular order.
    func scan(_ request: ScanRequest) async throws(CloudError) -> ItemPage
    /// The items that exist, in the order of `keys`; any number of keys.
    func batchGet(table: String, keys: [KVItem]) async throws(CloudError) -> [KVItem]
    /// Puts any number of items (no two with the same key).
    func batchPut(table: String, items: [KVItem]) async throws(CloudError)
    /// Runs every operation or none.
    func transact(_ operations: [TransactOperation]) async throws(CloudError)
    /// One page of the table names.
    func listTables(_ request: ListResourcesRequest) async throws(CloudError) -> ResourcePage
}

/// Limits shared by every provider, so the same input is accepted or refused everywhere.
public enum KVLimits {
    /// Most operations in one transaction (DynamoDB's limit).
    public static let transactionOperations = 100
    /// Most items in one query/scan page that a caller may ask for.
    public static let pageLimit = 1_000
}
