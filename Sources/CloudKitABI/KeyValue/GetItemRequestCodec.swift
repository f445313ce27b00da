import CCloudKitABI
import CloudKitModel

/// `ck_kv_get_request` ↔ `GetItemRequest` (get_item).
public enum GetItemRequestCodec {
    /// Host side: the request in `arena`.
    public static func write(_ request: GetItemRequest, _ arena: CArena) -> ck_kv_get_request {
        var c = ck_kv_get_request()
        c.struct_size = MemoryLayout<ck_kv_get_request>.size
        c.table = arena.string(request.table)
        c.key_json = KVJSONField.write(request.key, arena)
        c.consistent = request.consistent ? 1 : 0
        return c
    }

    /// Provider side: a copy of the host's request.
    public static func read(_ pointer: UnsafePointer<ck_kv_get_request>?) throws(CloudError) -> GetItemRequest {
        let c = try ABIStruct.read(pointer, "get_item request")
        try ABIOptions.refuseAll(c.options, c.option_count, operation: "get_item")
        return GetItemRequest(table: try ABIInput.string(c.table, "table"), key: try KVJSONField.item(c.key_json, "key_json"),
                              consistent: c.consistent != 0)
    }
}
