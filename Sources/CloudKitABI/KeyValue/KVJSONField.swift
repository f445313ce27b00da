import CCloudKitABI
import CloudKitModel

/// The JSON texts inside key-value requests (items, keys and single values,
/// in the form `KVJSON` documents): written by the host into an arena, read
/// by the provider with `invalid argument` naming the field.
public enum KVJSONField {
    /// Host side: `item` as JSON text in `arena`.
    public static func write(_ item: KVItem, _ arena: CArena) -> UnsafePointer<CChar>? {
        arena.string(utf8: KVJSON.utf8(item))
    }

    /// Host side: one value as JSON text in `arena`.
    public static func write(_ value: AttributeValue, _ arena: CArena) -> UnsafePointer<CChar>? {
        arena.string(utf8: KVJSON.utf8(value))
    }

    /// Provider side: a required item (a JSON object) named `field`.
    public static func item(_ pointer: UnsafePointer<CChar>?, _ field: String) throws(CloudError) -> KVItem {
        try KVJSON.item(try ABIInput.string(pointer, field), what: field)
    }

    /// Provider side: an item that may be NULL (nil).
    public static func optionalItem(_ pointer: UnsafePointer<CChar>?, _ field: String) throws(CloudError) -> KVItem? {
        guard pointer != nil else { return nil }
        return try item(pointer, field)
    }

    /// Provider side: a required single value named `field`.
    public static func value(_ pointer: UnsafePointer<CChar>?, _ field: String) throws(CloudError) -> AttributeValue {
        try KVJSON.value(try ABIInput.string(pointer, field), what: field)
    }
}
