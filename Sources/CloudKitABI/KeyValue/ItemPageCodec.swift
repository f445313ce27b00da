import CCloudKitABI
import CloudKitModel

/// The items and next-page token of a `ck_kv_items_fn` completion (query,
/// scan, batch_get) ↔ `ItemPage`.
public enum ItemPageCodec {
    /// Provider side: the page's parts for the callback, in `arena`.
    public static func write(
        _ page: ItemPage, _ arena: CArena
    ) -> (items: UnsafePointer<UnsafePointer<CChar>?>?, count: Int, nextPageToken: UnsafePointer<CChar>?) {
        write(texts: page.items.map { KVJSON.text($0) }, nextPageToken: page.nextPageToken, arena)
    }

    /// Provider side: a page whose items are already texts in `KVJSON.text`'s
    /// form (a provider that stores them so), handed on as they are.
    public static func write(
        texts: [String], nextPageToken: String?, _ arena: CArena
    ) -> (items: UnsafePointer<UnsafePointer<CChar>?>?, count: Int, nextPageToken: UnsafePointer<CChar>?) {
        (arena.strings(texts).map { UnsafePointer($0) }, texts.count, arena.string(nextPageToken))
    }

    /// Host side: a copy of the provider's page. A missing array or item, or
    /// a malformed item or token, is the provider's fault: `internal`.
    public static func read(
        _ items: UnsafePointer<UnsafePointer<CChar>?>?, _ count: Int, _ nextPageToken: UnsafePointer<CChar>?
    ) throws(CloudError) -> ItemPage {
        let texts: [String]
        let token: String?
        do throws(CloudError) {
            texts = try ABIInput.strings(items, count, "items_json")
            token = try ABIInput.optionalString(nextPageToken, "next_page_token")
        } catch {
            throw .internal("the provider returned a malformed page: \(error.message)")
        }
        var page: [KVItem] = []
        page.reserveCapacity(texts.count)
        for text in texts { page.append(try KVItemResultCodec.item(text)) }
        return ItemPage(items: page, nextPageToken: token)
    }
}
