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
        try readText(pointer).request()
    }

    /// Provider side: a copy of the host's request with its key still the
    /// host's JSON text, for a reader that can use the text as it is
    /// (`ImmediateItemReads`); `request()` parses it.
    public static func readText(_ pointer: UnsafePointer<ck_kv_get_request>?) throws(CloudError) -> GetItemCall {
        let c = try ABIStruct.read(pointer, "get_item request")
        try ABIOptions.refuseAll(c.options, c.option_count, operation: "get_item")
        return GetItemCall(table: try ABIInput.string(c.table, "table"), keyText: try ABIInput.string(c.key_json, "key_json"),
                           consistent: c.consistent != 0)
    }
}

/// A get_item request as the host gave it, its key still JSON text.
public struct GetItemCall: Sendable {
    public var table: String
    /// The key as the host wrote it (`key_json`).
    public var keyText: String
    public var consistent: Bool

    /// The request, its key parsed (`invalid argument` naming `key_json` when it is not an item).
    public func request() throws(CloudError) -> GetItemRequest {
        GetItemRequest(table: table, key: try KVJSON.item(keyText, what: "key_json"), consistent: consistent)
    }
}
