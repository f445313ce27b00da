import CCloudKitABI
import CloudKitABI
import CloudKitModel

/// The provider's `ck_kv_v1` table: each entry reads its C input with the
/// key-value codecs, runs the client's `KeyValueStore` method, and writes
/// the result for the callback. Nothing but dispatch lives here.
enum KVTable {
    typealias Client = OpaquePointer?
    typealias UserData = UnsafeMutableRawPointer?

    /// Immutable after its one-time initialisation, so sharing it is safe.
    static let table = ck_kv_v1(
            struct_size: MemoryLayout<ck_kv_v1>.size, create_table: createTable, delete_table: deleteTable,
            put_item: putItem, get_item: getItem, delete_item: deleteItem, update_item: updateItem, query: query,
            scan: scan, batch_get: batchGet, batch_put: batchPut, transact: transact, list_tables: listTables)

    // MARK: Delivery

    static func item(_ callback: ck_kv_item_fn?, _ userData: UserData) -> @Sendable (Result<KVItem?, CloudError>) -> Void {
        let captured = UncheckedSendable((callback, userData))
        return { result in
            let arena = CArena()
            let item = KVItemResultCodec.write((try? result.get()) ?? nil, arena)
            captured.value.0?(captured.value.1, ABIStatus.of(result, arena), item)
        }
    }

    /// `get_item`'s answer: the item, or (answered at once) its text as `KVJSON.text` writes it.
    enum ItemAnswer: Sendable {
        case item(KVItem?)
        case text(String?)
    }

    static func itemAnswer(_ callback: ck_kv_item_fn?, _ userData: UserData) -> @Sendable (Result<ItemAnswer, CloudError>) -> Void {
        let captured = UncheckedSendable((callback, userData))
        return { result in
            // A stored text goes to the host as it is (a native string's own NUL-terminated bytes), with no arena.
            if case .success(.text(let text)) = result {
                guard let text else {
                    captured.value.0?(captured.value.1, ABIStatus.success, nil)
                    return
                }
                text.withCString { captured.value.0?(captured.value.1, ABIStatus.success, $0) }
                return
            }
            let arena = CArena()
            let item: UnsafePointer<CChar>? =
                switch try? result.get() {
                case .item(let item)?: KVItemResultCodec.write(item, arena)
                case .text(let text)?: arena.string(text)
                case nil: nil
                }
            captured.value.0?(captured.value.1, ABIStatus.of(result, arena), item)
        }
    }

    /// A page of items: parsed, or (from `ItemTextPages`) their texts as `KVJSON.text` writes them.
    enum PageAnswer: Sendable {
        case items(ItemPage)
        case texts(ItemTextPage)
    }

    static func page(_ callback: ck_kv_items_fn?, _ userData: UserData) -> @Sendable (Result<PageAnswer, CloudError>) -> Void {
        let captured = UncheckedSendable((callback, userData))
        return { result in
            let arena = CArena()
            let (items, count, token) =
                switch try? result.get() {
                case .items(let page)?: ItemPageCodec.write(page, arena)
                case .texts(let page)?: ItemPageCodec.write(texts: page.texts, nextPageToken: page.nextPageToken, arena)
                case nil: (nil, 0, nil)
                }
            captured.value.0?(captured.value.1, ABIStatus.of(result, arena), items, count, token)
        }
    }

    // MARK: Entries

    static let createTable: @convention(c) (Client, UnsafePointer<ck_kv_table_spec>?, ck_done_fn?, UserData) -> Void = {
        client, spec, callback, userData in
        ProviderCall.start(client, .kv, key: userData, entry: "kv.create_table", parse: { () throws(CloudError) in try TableSpecCodec.read(spec) },
                           operation: { box, spec throws(CloudError) in try await box.kv().createTable(spec) },
                           deliver: ProviderCall.done(callback, userData))
    }

    static let deleteTable: @convention(c) (Client, UnsafePointer<CChar>?, ck_done_fn?, UserData) -> Void = {
        client, table, callback, userData in
        ProviderCall.start(client, .kv, key: userData, entry: "kv.delete_table", parse: { () throws(CloudError) in try ABIInput.string(table, "table") },
                           operation: { box, table throws(CloudError) in try await box.kv().deleteTable(table) },
                           deliver: ProviderCall.done(callback, userData))
    }

    static let putItem: @convention(c) (Client, UnsafePointer<ck_kv_write_request>?, ck_done_fn?, UserData) -> Void = {
        client, request, callback, userData in
        ProviderCall.start(client, .kv, key: userData, entry: "kv.put_item", parse: { () throws(CloudError) in try KVWriteRequestCodec.readPut(request) },
                           operation: { box, request throws(CloudError) in try await box.kv().putItem(request) },
                           deliver: ProviderCall.done(callback, userData))
    }

    static let getItem: @convention(c) (Client, UnsafePointer<ck_kv_get_request>?, ck_kv_item_fn?, UserData) -> Void = {
        client, request, callback, userData in
        // The key stays text until a read needs it parsed: an immediate read encodes a flat key from the text.
        ProviderCall.start(client, .kv, key: userData, entry: "kv.get_item", parse: { () throws(CloudError) in try GetItemRequestCodec.readText(request) },
                           immediately: { box, call in
                               box.immediateItems?.getItemImmediately(table: call.table, keyText: call.keyText).map { $0.map(ItemAnswer.text) }
                           },
                           operation: { box, call throws(CloudError) in .item(try await box.kv().getItem(try call.request())) },
                           deliver: itemAnswer(callback, userData))
    }

    static let deleteItem: @convention(c) (Client, UnsafePointer<ck_kv_write_request>?, ck_done_fn?, UserData) -> Void = {
        client, request, callback, userData in
        ProviderCall.start(client, .kv, key: userData, entry: "kv.delete_item", parse: { () throws(CloudError) in try KVWriteRequestCodec.readDelete(request) },
                           operation: { box, request throws(CloudError) in try await box.kv().deleteItem(request) },
                           deliver: ProviderCall.done(callback, userData))
    }

    static let updateItem: @convention(c) (Client, UnsafePointer<ck_kv_update_request>?, ck_kv_item_fn?, UserData) -> Void = {
        client, request, callback, userData in
        ProviderCall.start(client, .kv, key: userData, entry: "kv.update_item", parse: { () throws(CloudError) in try UpdateItemRequestCodec.read(request) },
                           operation: { box, request throws(CloudError) -> KVItem? in try await box.kv().updateItem(request) },
                           deliver: item(callback, userData))
    }

    static let query: @convention(c) (Client, UnsafePointer<ck_kv_query_request>?, ck_kv_items_fn?, UserData) -> Void = {
        client, request, callback, userData in
        ProviderCall.start(client, .kv, key: userData, entry: "kv.query", parse: { () throws(CloudError) in try QueryRequestCodec.read(request) },
                           operation: { box, request throws(CloudError) -> PageAnswer in
                               if let texts = box.itemTextPages { return .texts(try await texts.queryTexts(request)) }
                               return .items(try await box.kv().query(request))
                           },
                           deliver: page(callback, userData))
    }

    static let scan: @convention(c) (Client, UnsafePointer<ck_kv_scan_request>?, ck_kv_items_fn?, UserData) -> Void = {
        client, request, callback, userData in
        ProviderCall.start(client, .kv, key: userData, entry: "kv.scan", parse: { () throws(CloudError) in try ScanRequestCodec.read(request) },
                           operation: { box, request throws(CloudError) -> PageAnswer in
                               if let texts = box.itemTextPages { return .texts(try await texts.scanTexts(request)) }
                               return .items(try await box.kv().scan(request))
                           },
                           deliver: page(callback, userData))
    }

    static let batchGet: @convention(c) (Client, UnsafePointer<ck_kv_batch_request>?, ck_kv_items_fn?, UserData) -> Void = {
        client, request, callback, userData in
        ProviderCall.start(client, .kv, key: userData, entry: "kv.batch_get",
                           parse: { () throws(CloudError) in try KVBatchRequestCodec.read(request, operation: "batch_get") },
                           operation: { box, batch throws(CloudError) -> PageAnswer in
                               .items(ItemPage(items: try await box.kv().batchGet(table: batch.table, keys: batch.items), nextPageToken: nil))
                           },
                           deliver: page(callback, userData))
    }

    static let batchPut: @convention(c) (Client, UnsafePointer<ck_kv_batch_request>?, ck_done_fn?, UserData) -> Void = {
        client, request, callback, userData in
        ProviderCall.start(client, .kv, key: userData, entry: "kv.batch_put",
                           parse: { () throws(CloudError) in try KVBatchRequestCodec.read(request, operation: "batch_put") },
                           operation: { box, batch throws(CloudError) in try await box.kv().batchPut(table: batch.table, items: batch.items) },
                           deliver: ProviderCall.done(callback, userData))
    }

    static let transact: @convention(c) (Client, UnsafePointer<UnsafePointer<ck_kv_transact_op>?>?, Int, ck_done_fn?, UserData) -> Void = {
        client, ops, count, callback, userData in
        ProviderCall.start(client, .kv, key: userData, entry: "kv.transact", parse: { () throws(CloudError) in try TransactCodec.read(ops, count) },
                           operation: { box, ops throws(CloudError) in try await box.kv().transact(ops) },
                           deliver: ProviderCall.done(callback, userData))
    }

    static let listTables: @convention(c) (Client, UnsafePointer<ck_list_request>?, ck_resources_fn?, UserData) -> Void = {
        client, request, callback, userData in
        ProviderCall.start(client, .kv, key: userData, entry: "kv.list_tables",
                           parse: { () throws(CloudError) in try ResourceListingCodec.read(request, operation: "list_tables") },
                           operation: { box, request throws(CloudError) in try await box.kv().listTables(request) },
                           deliver: ProviderCall.resources(callback, userData))
    }
}

extension ClientBox {
    /// The client's key-value tables, or `unsupported`.
    func kv() throws(CloudError) -> any KeyValueStore {
        guard let kv = client.kv else { throw CloudError(.unsupported, "this provider has no key-value tables") }
        return kv
    }
}
