import CCloudKitABI
import CloudKitModel

/// `ck_send_request` ↔ `SendMessageRequest`, alone (`send`) or as the
/// entries of `send_batch`.
public enum SendRequestCodec {
    /// Host side: the request in `arena`; its body bytes live there too.
    public static func write(_ request: SendMessageRequest, _ arena: CArena) -> UnsafePointer<ck_send_request> {
        var c = ck_send_request()
        c.struct_size = MemoryLayout<ck_send_request>.size
        c.queue = arena.string(request.queue)
        (c.body, c.body_length) = MessageFieldCodec.body(request.body, arena)
        (c.attributes, c.attribute_count) = MessageAttributeCodec.write(request.attributes, arena)
        c.delay_seconds = MessageFieldCodec.seconds(request.delaySeconds)
        c.group_id = arena.string(request.groupID)
        c.deduplication_id = arena.string(request.deduplicationID)
        return UnsafePointer(arena.value(c))
    }

    /// Host side: a batch's entries in `arena` (nil and 0 when empty).
    public static func write(_ entries: [SendMessageRequest], _ arena: CArena) -> (UnsafePointer<UnsafePointer<ck_send_request>?>?, Int) {
        let list: [UnsafePointer<ck_send_request>?] = entries.map { write($0, arena) }
        return (UnsafePointer(arena.array(list)), list.count)
    }

    /// Provider side: a copy of the host's request; `field` names it in errors. It takes no options.
    public static func read(_ pointer: UnsafePointer<ck_send_request>?, _ field: String = "request") throws(CloudError) -> SendMessageRequest {
        let c = try ABIStruct.read(pointer, field)
        try ABIOptions.refuseAll(c.options, c.option_count, operation: "send")
        return SendMessageRequest(
            queue: try ABIInput.string(c.queue, "\(field).queue"), body: try MessageFieldCodec.body(c.body, c.body_length, "\(field).body"),
            attributes: try MessageAttributeCodec.read(c.attributes, c.attribute_count, "\(field).attributes"),
            delaySeconds: try MessageFieldCodec.seconds(c.delay_seconds, "\(field).delay_seconds"),
            groupID: try ABIInput.optionalString(c.group_id, "\(field).group_id"),
            deduplicationID: try ABIInput.optionalString(c.deduplication_id, "\(field).deduplication_id"))
    }

    /// Provider side: a copy of a batch's `count` entries.
    public static func read(_ entries: UnsafePointer<UnsafePointer<ck_send_request>?>?, _ count: Int) throws(CloudError) -> [SendMessageRequest] {
        try ABIInput.list(entries, count, "entries") { (entry, name) throws(CloudError) in try read(entry, name) }
    }
}
