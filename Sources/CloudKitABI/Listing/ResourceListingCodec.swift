import CCloudKitABI
import CloudKitModel

/// `ck_list_request` ↔ `ListResourcesRequest` and a page of `ck_resource`s
/// ↔ `ResourcePage`: buckets, tables, queues and topics alike (ABI 1.3).
public enum ResourceListingCodec {
    /// Host side: the request in `arena`.
    public static func write(_ request: ListResourcesRequest, _ arena: CArena) -> ck_list_request {
        var c = ck_list_request()
        c.struct_size = MemoryLayout<ck_list_request>.size
        c.prefix = arena.string(request.prefix)
        c.page_token = arena.string(request.pageToken)
        c.max_items = Int32(clamping: request.maxItems)
        return c
    }

    /// Provider side: a copy of the host's request, validated.
    public static func read(_ pointer: UnsafePointer<ck_list_request>?, operation: String) throws(CloudError) -> ListResourcesRequest {
        let c = try ABIStruct.read(pointer, "\(operation) request")
        try ABIOptions.refuseAll(c.options, c.option_count, operation: operation)
        let request = ListResourcesRequest(
            prefix: try ABIInput.optionalString(c.prefix, "prefix"), pageToken: try ABIInput.optionalString(c.page_token, "page_token"),
            maxItems: Int(c.max_items))
        try request.validate()
        return request
    }

    /// A page's parts for the callback, in `arena`.
    public static func write(_ page: ResourcePage, _ arena: CArena) -> (UnsafePointer<UnsafePointer<ck_resource>?>?, Int, UnsafePointer<CChar>?) {
        let items: [UnsafePointer<ck_resource>?] = page.items.map { item in
            UnsafePointer(arena.value(ck_resource(
                struct_size: MemoryLayout<ck_resource>.size, name: arena.string(item.name), id: arena.string(item.identifier),
                created_ms: ABITime.milliseconds(item.created))))
        }
        return (arena.array(items).map { UnsafePointer($0) }, items.count, arena.string(page.nextPageToken))
    }

    /// Host side: a copy of the provider's page.
    public static func read(
        _ resources: UnsafePointer<UnsafePointer<ck_resource>?>?, _ count: Int, _ nextPageToken: UnsafePointer<CChar>?
    ) throws(CloudError) -> ResourcePage {
        var items: [ResourceSummary] = []
        if count > 0 {
            guard let resources else { throw .internal("a listing has \(count) resources but no array") }
            items.reserveCapacity(count)
            for index in 0..<count {
                let c = try ABIStruct.read(resources[index], "resources[\(index)]")
                items.append(ResourceSummary(
                    name: try ABIInput.string(c.name, "resources[\(index)].name"),
                    identifier: try ABIInput.optionalString(c.id, "resources[\(index)].id"), created: ABITime.date(c.created_ms)))
            }
        }
        return ResourcePage(items: items, nextPageToken: try ABIInput.optionalString(nextPageToken, "next_page_token"))
    }
}
