import CCloudKitABI
import CloudKitModel

/// The item of a `ck_kv_item_fn` completion (get_item, update_item): its
/// JSON text, NULL for no item.
public enum KVItemResultCodec {
    /// Provider side: the item's text in `arena`, NULL for none.
    public static func write(_ item: KVItem?, _ arena: CArena) -> UnsafePointer<CChar>? {
        item.flatMap { KVJSONField.write($0, arena) }
    }

    /// Host side: the provider's item, nil for NULL. Text that is not valid
    /// UTF-8 or not an item is the provider's fault: `internal`.
    public static func read(_ pointer: UnsafePointer<CChar>?) throws(CloudError) -> KVItem? {
        guard pointer != nil else { return nil }
        let text: String
        do throws(CloudError) {
            text = try ABIInput.string(pointer, "the provider's item")
        } catch {
            throw .internal("the provider returned a malformed item: \(error.message)")
        }
        return try item(text)
    }

    /// Host side: the item a provider returned as `text`; a malformed one is `internal`.
    static func item(_ text: String) throws(CloudError) -> KVItem {
        do throws(CloudError) {
            return try KVJSON.item(text, what: "the provider's item")
        } catch {
            throw .internal("the provider returned a malformed item: \(error.message)")
        }
    }
}
