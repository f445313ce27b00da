import CCloudKitABI
import CloudKitModel

/// `ck_kv_batch_request` ↔ a table and its items: the keys of batch_get or
/// the items of batch_put, each as JSON text.
public enum KVBatchRequestCodec {
    /// Host side: the request in `arena`.
    public static func write(table: String, items: [KVItem], _ arena: CArena) -> ck_kv_batch_request {
        var c = ck_kv_batch_request()
        c.struct_size = MemoryLayout<ck_kv_batch_request>.size
        c.table = arena.string(table)
        c.items_json = arena.strings(items.map { KVJSON.text($0) }).map { UnsafePointer($0) }
        c.count = items.count
        return c
    }

    /// Provider side: a copy of the host's request for `operation`
    /// ("batch_get" or "batch_put"), which names it in errors.
    public static func read(
        _ pointer: UnsafePointer<ck_kv_batch_request>?, operation: String
    ) throws(CloudError) -> (table: String, items: [KVItem]) {
        let c = try ABIStruct.read(pointer, "\(operation) request")
        try ABIOptions.refuseAll(c.options, c.option_count, operation: operation)
        let items = try ABIInput.list(c.items_json, c.count, "items_json") { (text, name) throws(CloudError) in
            try KVJSONField.item(text, name)
        }
        return (try ABIInput.string(c.table, "table"), items)
    }
}
