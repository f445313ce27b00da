import CCloudKitABI
import CloudKitModel

/// `ck_publish_request` ↔ `PublishRequest`, alone (`publish`) or as the
/// entries of `publish_batch`.
public enum PublishRequestCodec {
    /// Host side: the request in `arena`.
    public static func write(_ request: PublishRequest, _ arena: CArena) -> UnsafePointer<ck_publish_request> {
        var c = ck_publish_request()
        c.struct_size = MemoryLayout<ck_publish_request>.size
        c.topic = arena.string(request.topic)
        c.message = arena.string(request.message)
        c.subject = arena.string(request.subject)
        (c.attributes, c.attribute_count) = MessageAttributeCodec.write(request.attributes, arena)
        c.group_id = arena.string(request.groupID)
        c.deduplication_id = arena.string(request.deduplicationID)
        return UnsafePointer(arena.value(c))
    }

    /// Host side: a batch's entries in `arena` (nil and 0 when empty).
    public static func write(_ entries: [PublishRequest], _ arena: CArena) -> (UnsafePointer<UnsafePointer<ck_publish_request>?>?, Int) {
        let list: [UnsafePointer<ck_publish_request>?] = entries.map { write($0, arena) }
        return (UnsafePointer(arena.array(list)), list.count)
    }

    /// Provider side: a copy of the host's request; `field` names it in errors. It takes no options.
    public static func read(_ pointer: UnsafePointer<ck_publish_request>?, _ field: String = "request") throws(CloudError) -> PublishRequest {
        let c = try ABIStruct.read(pointer, field)
        try ABIOptions.refuseAll(c.options, c.option_count, operation: "publish")
        return PublishRequest(
            topic: try ABIInput.string(c.topic, "\(field).topic"), message: try ABIInput.string(c.message, "\(field).message"),
            subject: try ABIInput.optionalString(c.subject, "\(field).subject"),
            attributes: try MessageAttributeCodec.read(c.attributes, c.attribute_count, "\(field).attributes"),
            groupID: try ABIInput.optionalString(c.group_id, "\(field).group_id"),
            deduplicationID: try ABIInput.optionalString(c.deduplication_id, "\(field).deduplication_id"))
    }

    /// Provider side: a copy of a batch's `count` entries.
    public static func read(_ entries: UnsafePointer<UnsafePointer<ck_publish_request>?>?, _ count: Int) throws(CloudError) -> [PublishRequest] {
        try ABIInput.list(entries, count, "entries") { (entry, name) throws(CloudError) in try read(entry, name) }
    }
}
