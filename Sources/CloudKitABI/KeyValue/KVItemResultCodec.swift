import CCloudKitABI
import CloudKitModel
#if canImport(Glibc)
import Glibc
#endif

/// The item of a `ck_kv_item_fn` completion (get_item, update_item): its
/// JSON text, NULL for no item.
public enum KVItemResultCodec {
    /// Provider side: the item's text in `arena`, NULL for none.
    public static func write(_ item: KVItem?, _ arena: CArena) -> UnsafePointer<CChar>? {
        item.flatMap { KVJSONField.write($0, arena) }
    }

    /// Host side: the provider's item, nil for NULL. Text that is not valid
    /// UTF-8 or not an item is the provider's fault: `internal`. The text is
    /// read where it lies, with no copy into a `String` when it is a flat item.
    public static func read(_ pointer: UnsafePointer<CChar>?) throws(CloudError) -> KVItem? {
        guard let pointer else { return nil }
        let bytes = UnsafeBufferPointer(start: UnsafeRawPointer(pointer).assumingMemoryBound(to: UInt8.self), count: strlen(pointer))
        do throws(CloudError) {
            return try KVJSON.item(utf8: bytes, what: "the provider's item")
        } catch {
            throw .internal("the provider returned a malformed item: \(error.message)")
        }
    }
}
