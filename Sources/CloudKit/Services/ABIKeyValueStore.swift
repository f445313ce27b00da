import CCloudKitABI
import CloudKitABI

/// `KeyValueStore` over a provider's `ck_kv_v1` table. Items cross the ABI
/// as their documented JSON text (`KVJSON`).
final class ABIKeyValueStore: KeyValueStore {
    private let client: ClientHandle

    init(client: ClientHandle) {
        self.client = client
    }

    /// The entry `path` of the table, and the open client; `unsupported` when absent.
    private func entry<Entry>(_ path: KeyPath<ck_kv_v1, Entry?>, _ name: String) throws(CloudError) -> (Entry, OpaquePointer) {
        try client.entry(client.library.kv, path, service: "key-value tables", name: name)
    }

    func listTables(_ request: ListResourcesRequest) async throws(CloudError) -> ResourcePage {
        let (entry, client) = try entry(\.list_tables, "list_tables")
        return try await self.client.listResources(entry, client, request)
    }

    func createTable(_ spec: TableSpec) async throws(CloudError) {
        let (entry, client) = try entry(\.create_table, "create_table")
        let arena = CArena()
        var c = ck_kv_table_spec()
        c.struct_size = MemoryLayout<ck_kv_table_spec>.size
        c.table = arena.string(spec.table)
        c.partition_key = arena.string(spec.partitionKey.name)
        c.partition_key_type = arena.string(spec.partitionKey.type.rawValue)
        c.sort_key = arena.string(spec.sortKey?.name)
        c.sort_key_type = arena.string(spec.sortKey?.type.rawValue)
        let call = c
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
        let call = ck_kv_write_request(
            struct_size: MemoryLayout<ck_kv_write_request>.size, table: arena.string(request.table),
            item_json: ABIKeyValueValues.item(request.item, arena), condition: ABIKeyValueValues.condition(request.condition, arena), options: nil, option_count: 0)
        try await ABICompletion<Void>.perform(cancellingWith: self.client, keepAlive: [arena]) { userData in
            withUnsafePointer(to: call) { entry(client, $0, ABICallbacks.done, userData) }
        }
    }

    func getItem(_ request: GetItemRequest) async throws(CloudError) -> KVItem? {
        let (entry, client) = try entry(\.get_item, "get_item")
        let arena = CArena()
        let call = ck_kv_get_request(
            struct_size: MemoryLayout<ck_kv_get_request>.size, table: arena.string(request.table),
            key_json: ABIKeyValueValues.item(request.key, arena), consistent: request.consistent ? 1 : 0, reserved0: 0, options: nil, option_count: 0)
        return try await ABICompletion<KVItem?>.perform(cancellingWith: self.client, keepAlive: [arena]) { userData in
            withUnsafePointer(to: call) { entry(client, $0, ABIKeyValueValues.itemCallback, userData) }
        }
    }

    func deleteItem(_ request: DeleteItemRequest) async throws(CloudError) {
        let (entry, client) = try entry(\.delete_item, "delete_item")
        let arena = CArena()
        let call = ck_kv_write_request(
            struct_size: MemoryLayout<ck_kv_write_request>.size, table: arena.string(request.table),
            item_json: ABIKeyValueValues.item(request.key, arena), condition: ABIKeyValueValues.condition(request.condition, arena), options: nil, option_count: 0)
        try await ABICompletion<Void>.perform(cancellingWith: self.client, keepAlive: [arena]) { userData in
            withUnsafePointer(to: call) { entry(client, $0, ABICallbacks.done, userData) }
        }
    }

    func updateItem(_ request: UpdateItemRequest) async throws(CloudError) -> KVItem {
        let (entry, client) = try entry(\.update_item, "update_item")
        let arena = CArena()
        let add = KVItem(uniqueKeysWithValues: request.add.map { ($0.key, AttributeValue.number($0.value)) })
        let call = ck_kv_update_request(
            struct_size: MemoryLayout<ck_kv_update_request>.size, table: arena.string(request.table),
            key_json: ABIKeyValueValues.item(request.key, arena),
            set_json: request.set.isEmpty ? nil : ABIKeyValueValues.item(request.set, arena),
            remove: arena.strings(request.remove).map { UnsafePointer($0) }, remove_count: request.remove.count,
            add_json: add.isEmpty ? nil : ABIKeyValueValues.item(add, arena),
            condition: ABIKeyValueValues.condition(request.condition, arena), options: nil, option_count: 0)
        let item = try await ABICompletion<KVItem?>.perform(cancellingWith: self.client, keepAlive: [arena]) { userData in
            withUnsafePointer(to: call) { entry(client, $0, ABIKeyValueValues.itemCallback, userData) }
        }
        guard let item else { throw .internal("update_item completed without the item") }
        return item
    }

    func query(_ request: QueryRequest) async throws(CloudError) -> ItemPage {
        let (entry, client) = try entry(\.query, "query")
        let arena = CArena()
        let (op, first, second) = ABIKeyValueValues.sort(request.sort)
        let call = ck_kv_query_request(
            struct_size: MemoryLayout<ck_kv_query_request>.size, table: arena.string(request.table),
            partition_json: arena.string(KVJSON.text(request.partition)), sort_op: Int32(op.rawValue),
            sort_json: arena.string(first.map { KVJSON.text($0) }), sort_json2: arena.string(second.map { KVJSON.text($0) }),
            limit: try ABIKeyValueValues.limit(request.limit), descending: request.descending ? 1 : 0,
            consistent: request.consistent ? 1 : 0, page_token: arena.string(request.pageToken), options: nil, option_count: 0)
        return try await ABICompletion<ItemPage>.perform(cancellingWith: self.client, keepAlive: [arena]) { userData in
            withUnsafePointer(to: call) { entry(client, $0, ABIKeyValueValues.pageCallback, userData) }
        }
    }

    func scan(_ request: ScanRequest) async throws(CloudError) -> ItemPage {
        let (entry, client) = try entry(\.scan, "scan")
        let arena = CArena()
        let call = ck_kv_scan_request(
            struct_size: MemoryLayout<ck_kv_scan_request>.size, table: arena.string(request.table),
            limit: try ABIKeyValueValues.limit(request.limit), page_token: arena.string(request.pageToken), options: nil, option_count: 0)
        return try await ABICompletion<ItemPage>.perform(cancellingWith: self.client, keepAlive: [arena]) { userData in
            withUnsafePointer(to: call) { entry(client, $0, ABIKeyValueValues.pageCallback, userData) }
        }
    }

    private func batchRequest(_ table: String, _ items: [KVItem], _ arena: CArena) -> ck_kv_batch_request {
        let texts = items.map { KVJSON.text($0) }
        return ck_kv_batch_request(
            struct_size: MemoryLayout<ck_kv_batch_request>.size, table: arena.string(table),
            items_json: arena.strings(texts).map { UnsafePointer($0) }, count: texts.count, options: nil, option_count: 0)
    }

    func batchGet(table: String, keys: [KVItem]) async throws(CloudError) -> [KVItem] {
        let (entry, client) = try entry(\.batch_get, "batch_get")
        let arena = CArena()
        let call = batchRequest(table, keys, arena)
        return try await ABICompletion<ItemPage>.perform(cancellingWith: self.client, keepAlive: [arena]) { userData in
            withUnsafePointer(to: call) { entry(client, $0, ABIKeyValueValues.pageCallback, userData) }
        }.items
    }

    func batchPut(table: String, items: [KVItem]) async throws(CloudError) {
        let (entry, client) = try entry(\.batch_put, "batch_put")
        let arena = CArena()
        let call = batchRequest(table, items, arena)
        try await ABICompletion<Void>.perform(cancellingWith: self.client, keepAlive: [arena]) { userData in
            withUnsafePointer(to: call) { entry(client, $0, ABICallbacks.done, userData) }
        }
    }

    func transact(_ operations: [TransactOperation]) async throws(CloudError) {
        let (entry, client) = try entry(\.transact, "transact")
        let arena = CArena()
        let ops: [UnsafePointer<ck_kv_transact_op>?] = operations.map { operation in
            var c = ck_kv_transact_op()
            c.struct_size = MemoryLayout<ck_kv_transact_op>.size
            c.table = arena.string(operation.table)
            switch operation {
            case .put(_, let item, let condition):
                c.kind = Int32(CK_KV_TRANSACT_PUT.rawValue)
                c.item_json = ABIKeyValueValues.item(item, arena)
                c.condition = ABIKeyValueValues.condition(condition, arena)
            case .delete(_, let key, let condition):
                c.kind = Int32(CK_KV_TRANSACT_DELETE.rawValue)
                c.item_json = ABIKeyValueValues.item(key, arena)
                c.condition = ABIKeyValueValues.condition(condition, arena)
            case .check(_, let key, let condition):
                c.kind = Int32(CK_KV_TRANSACT_CHECK.rawValue)
                c.item_json = ABIKeyValueValues.item(key, arena)
                c.condition = ABIKeyValueValues.condition(condition, arena)
            }
            return UnsafePointer(arena.value(c))
        }
        let array = arena.array(ops).map { UnsafePointer($0) }
        let count = ops.count
        try await ABICompletion<Void>.perform(cancellingWith: self.client, keepAlive: [arena]) { userData in
            entry(client, array, count, ABICallbacks.done, userData)
        }
    }
}
