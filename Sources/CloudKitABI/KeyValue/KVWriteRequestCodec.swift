import CCloudKitABI
import CloudKitModel

/// `ck_kv_write_request` ↔ `PutItemRequest` (put_item: `item_json` is the
/// whole item) and `DeleteItemRequest` (delete_item: `item_json` is the key).
public enum KVWriteRequestCodec {
    /// Host side: a put in `arena`.
    public static func write(_ request: PutItemRequest, _ arena: CArena) -> ck_kv_write_request {
        write(table: request.table, item: request.item, condition: request.condition, arena)
    }

    /// Host side: a delete in `arena`.
    public static func write(_ request: DeleteItemRequest, _ arena: CArena) -> ck_kv_write_request {
        write(table: request.table, item: request.key, condition: request.condition, arena)
    }

    /// Provider side: a copy of the host's put.
    public static func readPut(_ pointer: UnsafePointer<ck_kv_write_request>?) throws(CloudError) -> PutItemRequest {
        let (table, item, condition) = try read(pointer, operation: "put_item")
        return PutItemRequest(table: table, item: item, condition: condition)
    }

    /// Provider side: a copy of the host's delete.
    public static func readDelete(_ pointer: UnsafePointer<ck_kv_write_request>?) throws(CloudError) -> DeleteItemRequest {
        let (table, key, condition) = try read(pointer, operation: "delete_item")
        return DeleteItemRequest(table: table, key: key, condition: condition)
    }

    private static func write(table: String, item: KVItem, condition: KVCondition?, _ arena: CArena) -> ck_kv_write_request {
        var c = ck_kv_write_request()
        c.struct_size = MemoryLayout<ck_kv_write_request>.size
        c.table = arena.string(table)
        c.item_json = KVJSONField.write(item, arena)
        c.condition = KVConditionCodec.write(condition, arena)
        return c
    }

    private static func read(
        _ pointer: UnsafePointer<ck_kv_write_request>?, operation: String
    ) throws(CloudError) -> (String, KVItem, KVCondition?) {
        let c = try ABIStruct.read(pointer, "\(operation) request")
        try ABIOptions.refuseAll(c.options, c.option_count, operation: operation)
        return (try ABIInput.string(c.table, "table"), try KVJSONField.item(c.item_json, "item_json"),
                try KVConditionCodec.read(c.condition))
    }
}
