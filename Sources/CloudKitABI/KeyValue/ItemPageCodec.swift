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
    /// a malformed item or token, is the provider's fault: `internal`. Each
    /// item is read where it lies (`KVItemResultCodec.read`); the loop names
    /// an entry only when it fails, since a name per entry cost more than a
    /// flat item's parse.
    public static func read(
        _ items: UnsafePointer<UnsafePointer<CChar>?>?, _ count: Int, _ nextPageToken: UnsafePointer<CChar>?
    ) throws(CloudError) -> ItemPage {
        let token: String?
        do throws(CloudError) {
            token = try ABIInput.optionalString(nextPageToken, "next_page_token")
        } catch {
            throw .internal("the provider returned a malformed page: \(error.message)")
        }
        guard count > 0 else { return ItemPage(items: [], nextPageToken: token) }
        guard let items else { throw .internal("the provider returned a malformed page: items_json is NULL but its count is \(count)") }
        var page: [KVItem] = []
        page.reserveCapacity(count)
        for index in 0..<count {
            guard let item = try KVItemResultCodec.read(items[index]) else {
                throw .internal("the provider returned a malformed page: items_json[\(index)] is required (got NULL)")
            }
            page.append(item)
        }
        return ItemPage(items: page, nextPageToken: token)
    }
}
