import CCloudKitABI
import CloudKitModel

/// `ck_kv_update_request` ↔ `UpdateItemRequest` (update_item). Nothing to
/// set or add travels as NULL; the numbers to add are a JSON object of numbers.
public enum UpdateItemRequestCodec {
    /// Host side: the request in `arena`.
    public static func write(_ request: UpdateItemRequest, _ arena: CArena) -> ck_kv_update_request {
        var c = ck_kv_update_request()
        c.struct_size = MemoryLayout<ck_kv_update_request>.size
        c.table = arena.string(request.table)
        c.key_json = KVJSONField.write(request.key, arena)
        c.set_json = request.set.isEmpty ? nil : KVJSONField.write(request.set, arena)
        c.remove = arena.strings(request.remove).map { UnsafePointer($0) }
        c.remove_count = request.remove.count
        let add = KVItem(uniqueKeysWithValues: request.add.map { ($0.key, AttributeValue.number($0.value)) })
        c.add_json = add.isEmpty ? nil : KVJSONField.write(add, arena)
        c.condition = KVConditionCodec.write(request.condition, arena)
        return c
    }

    /// Provider side: a copy of the host's request; `add_json` must hold numbers only.
    public static func read(_ pointer: UnsafePointer<ck_kv_update_request>?) throws(CloudError) -> UpdateItemRequest {
        let c = try ABIStruct.read(pointer, "update_item request")
        try ABIOptions.refuseAll(c.options, c.option_count, operation: "update_item")
        var add: [String: KVNumber] = [:]
        for (name, value) in try KVJSONField.optionalItem(c.add_json, "add_json") ?? [:] {
            guard case .number(let number) = value else { throw .invalidArgument("add_json.\(name) must be a number") }
            add[name] = number
        }
        return UpdateItemRequest(
            table: try ABIInput.string(c.table, "table"), key: try KVJSONField.item(c.key_json, "key_json"),
            set: try KVJSONField.optionalItem(c.set_json, "set_json") ?? [:],
            remove: try ABIInput.strings(c.remove, c.remove_count, "remove"), add: add,
            condition: try KVConditionCodec.read(c.condition))
    }
}
