import CCloudKitABI
import CloudKitABI

/// `KeyValueStore` over a provider's `ck_kv_v1` table: requests are written
/// and results read with the key-value codecs of `CloudKitABI` (items cross
/// as their documented JSON text, `KVJSON`).
final class ABIKeyValueStore: KeyValueStore {
    private let client: ClientHandle

    init(client: ClientHandle) {
        self.client = client
    }

    /// The entry `path` of the table, and the open client; `unsupported` when absent.
    private func entry<Entry>(_ path: KeyPath<ck_kv_v1, Entry?>, _ name: String) throws(CloudError) -> (Entry, OpaquePointer) {
        try client.entry(client.library.kv, path, service: "key-value tables", name: name)
    }

    /// The completion for entries that yield one item (or none).
    private static let itemCallback: ck_kv_item_fn = { userData, status, item in
        if let error = ABIStatus.error(status) {
            ABICompletion<KVItem?>.finish(userData, .failure(error))
        } else {
            ABICompletion<KVItem?>.finish(userData, Result { () throws(CloudError) in try KVItemResultCodec.read(item) })
        }
    }

    /// The completion for entries that yield a page of items.
    private static let pageCallback: ck_kv_items_fn = { userData, status, items, count, token in
        if let error = ABIStatus.error(status) {
            ABICompletion<ItemPage>.finish(userData, .failure(error))
        } else {
            ABICompletion<ItemPage>.finish(userData, Result { () throws(CloudError) in try ItemPageCodec.read(items, count, token) })
        }
    }

    func listTables(_ request: ListResourcesRequest) async throws(CloudError) -> ResourcePage {
        let (entry, client) = try entry(\.list_tables, "list_tables")
        return try await self.client.listResources(entry, client, request)
    }

    func createTable(_ spec: TableSpec) async throws(CloudError) {
        let (entry, client) = try entry(\.create_table, "create_table")
        let arena = CArena()
        let call = TableSpecCodec.write(spec, arena)
        try await ABICompletion<Void>.perform(cancellingWith: self.client, keepAlive: [arena]) { userData in
            withUnsafePointer(to: call) { entry(client, $0, ABICallbacks.done, userData) }
        }
    }

    func deleteTable(_ table: String) async throws(CloudError) {
        let (entry, client) = try entry(\.delete_table, "delete_table")
        try await ABICompletion<Void>.perform(cancellingWith: self.client) { entry(client, table, ABICallbacks.done, $0) }
    }

    func putItem(_ request: PutItemRequest) async throws(CloudError) {
        let (entry, client) = try entry(\.put_item, "put_item")
        let arena = CArena()
        let call = KVWriteRequestCodec.write(request, arena)
        try await ABICompletion<Void>.perform(cancellingWith: self.client, keepAlive: [arena]) { userData in
            withUnsafePointer(to: call) { entry(client, $0, ABICallbacks.done, userData) }
        }
    }

    func getItem(_ request: GetItemRequest) async throws(CloudError) -> KVItem? {
        let (entry, client) = try entry(\.get_item, "get_item")
        let arena = CArena()
        let call = GetItemRequestCodec.write(request, arena)
        return try await ABICompletion<KVItem?>.perform(cancellingWith: self.client, keepAlive: [arena]) { userData in
            withUnsafePointer(to: call) { entry(client, $0, Self.itemCallback, userData) }
        }
    }

    func deleteItem(_ request: DeleteItemRequest) async throws(CloudError) {
        let (entry, client) = try entry(\.delete_item, "delete_item")
        let arena = CArena()
        let call = KVWriteRequestCodec.write(request, arena)
        try await ABICompletion<Void>.perform(cancellingWith: self.client, keepAlive: [arena]) { userData in
            withUnsafePointer(to: call) { entry(client, $0, ABICallbacks.done, userData) }
        }
    }

    func updateItem(_ request: UpdateItemRequest) async throws(CloudError) -> KVItem {
        let (entry, client) = try entry(\.update_item, "update_item")
        let arena = CArena()
        let call = UpdateItemRequestCodec.write(request, arena)
        let item = try await ABICompletion<KVItem?>.perform(cancellingWith: self.client, keepAlive: [arena]) { userData in
            withUnsafePointer(to: call) { entry(client, $0, Self.itemCallback, userData) }
        }
        guard let item else { throw .internal("update_item completed without the item") }
        return item
    }

    func query(_ request: QueryRequest) async throws(CloudError) -> ItemPage {
        let (entry, client) = try entry(\.query, "query")
        let arena = CArena()
        let call = try QueryRequestCodec.write(request, arena)
        return try await ABICompletion<ItemPage>.perform(cancellingWith: self.client, keepAlive: [arena]) { userData in
            withUnsafePointer(to: call) { entry(client, $0, Self.pageCallback, userData) }
        }
    }

    func scan(_ request: ScanRequest) async throws(CloudError) -> ItemPage {
        let (entry, client) = try entry(\.scan, "scan")
        let arena = CArena()
        let call = try ScanRequestCodec.write(request, arena)
        return try await ABICompletion<ItemPage>.perform(cancellingWith: self.client, keepAlive: [arena]) { userData in
            withUnsafePointer(to: call) { entry(client, $0, Self.pageCallback, userData) }
        }
    }

    func batchGet(table: String, keys: [KVItem]) async throws(CloudError) -> [KVItem] {
        let (entry, client) = try entry(\.batch_get, "batch_get")
        let arena = CArena()
        let call = KVBatchRequestCodec.write(table: table, items: keys, arena)
        return try await ABICompletion<ItemPage>.perform(cancellingWith: self.client, keepAlive: [arena]) { userData in
            withUnsafePointer(to: call) { entry(client, $0, Self.pageCallback, userData) }
        }.items
    }

    func batchPut(table: String, items: [KVItem]) async throws(CloudError) {
        let (entry, client) = try entry(\.batch_put, "batch_put")
        let arena = CArena()
        let call = KVBatchRequestCodec.write(table: table, items: items, arena)
        try await ABICompletion<Void>.perform(cancellingWith: self.client, keepAlive: [arena]) { userData in
            withUnsafePointer(to: call) { entry(client, $0, ABICallbacks.done, userData) }
        }
    }

    func transact(_ operations: [TransactOperation]) async throws(CloudError) {
        let (entry, client) = try entry(\.transact, "transact")
        let arena = CArena()
        let (ops, count) = TransactCodec.write(operations, arena)
        try await ABICompletion<Void>.perform(cancellingWith: self.client, keepAlive: [arena]) { userData in
            entry(client, ops, count, ABICallbacks.done, userData)
        }
    }
}
