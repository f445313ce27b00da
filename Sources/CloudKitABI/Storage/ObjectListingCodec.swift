import CCloudKitABI
import CloudKitModel

/// `ck_list_objects_request` ↔ `ListObjectsRequest` and
/// `ck_list_objects_result` ↔ `ObjectListing`.
public enum ObjectListingCodec {
    /// Host side: the request in `arena`.
    public static func write(_ request: ListObjectsRequest, _ arena: CArena) -> ck_list_objects_request {
        var c = ck_list_objects_request()
        c.struct_size = MemoryLayout<ck_list_objects_request>.size
        c.bucket = arena.string(request.bucket)
        c.prefix = arena.string(request.prefix)
        c.delimiter = arena.string(request.delimiter)
        c.page_token = arena.string(request.pageToken)
        c.max_keys = Int32(clamping: request.maxKeys)
        return c
    }

    /// Provider side: a copy of the host's request.
    public static func read(_ pointer: UnsafePointer<ck_list_objects_request>?) throws(CloudError) -> ListObjectsRequest {
        let c = try ABIStruct.read(pointer, "list_objects request")
        guard c.max_keys >= 0 else { throw .invalidArgument("max_keys must not be negative") }
        try ABIOptions.refuseAll(c.options, c.option_count, operation: "list_objects")
        return ListObjectsRequest(
            bucket: try ABIInput.string(c.bucket, "bucket"), prefix: try ABIInput.optionalString(c.prefix, "prefix"),
            delimiter: try ABIInput.optionalString(c.delimiter, "delimiter"),
            pageToken: try ABIInput.optionalString(c.page_token, "page_token"), maxKeys: Int(c.max_keys))
    }

    /// Provider side: one page for the callback, in `arena`.
    public static func write(_ listing: ObjectListing, _ arena: CArena) -> UnsafeMutablePointer<ck_list_objects_result> {
        let summaries: [UnsafePointer<ck_object_summary>?] = listing.objects.map { object in
            UnsafePointer(arena.value(ck_object_summary(
                struct_size: MemoryLayout<ck_object_summary>.size, key: arena.string(object.key), size: object.size,
                etag: arena.string(object.etag), last_modified_ms: ABITime.milliseconds(object.lastModified))))
        }
        let prefixes = listing.commonPrefixes.map { arena.string($0) }
        return arena.value(ck_list_objects_result(
            struct_size: MemoryLayout<ck_list_objects_result>.size, objects: arena.array(summaries).map { UnsafePointer($0) },
            object_count: summaries.count, common_prefixes: arena.array(prefixes).map { UnsafePointer($0) },
            common_prefix_count: prefixes.count, next_page_token: arena.string(listing.nextPageToken)))
    }

    /// Host side: a copy of the provider's page.
    public static func read(_ pointer: UnsafePointer<ck_list_objects_result>?) throws(CloudError) -> ObjectListing {
        let c = try ABIStruct.read(pointer, "list_objects result")
        var objects: [ObjectSummary] = []
        if c.object_count > 0 {
            guard let list = c.objects else { throw .internal("list_objects result has \(c.object_count) objects but no array") }
            objects.reserveCapacity(c.object_count)
            for index in 0..<c.object_count {
                let summary = try ABIStruct.read(list[index], "list_objects result.objects[\(index)]")
                objects.append(ObjectSummary(
                    key: try ABIInput.string(summary.key, "objects[\(index)].key"), size: summary.size,
                    etag: try ABIInput.optionalString(summary.etag, "objects[\(index)].etag"),
                    lastModified: ABITime.date(summary.last_modified_ms)))
            }
        }
        return ObjectListing(
            objects: objects, commonPrefixes: try ABIInput.strings(c.common_prefixes, c.common_prefix_count, "common_prefixes"),
            nextPageToken: try ABIInput.optionalString(c.next_page_token, "next_page_token"))
    }
}
