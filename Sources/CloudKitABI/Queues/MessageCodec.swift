import CCloudKitABI
import CloudKitModel

/// `ck_message` ↔ `ReceivedMessage`: written by a provider for `receive`,
/// read by the host.
public enum MessageCodec {
    /// Provider side: `messages` as `ck_message`s in `arena` (nil and 0 when empty).
    public static func write(_ messages: [ReceivedMessage], _ arena: CArena) -> (UnsafePointer<UnsafePointer<ck_message>?>?, Int) {
        let list: [UnsafePointer<ck_message>?] = messages.map { message in
            var c = ck_message()
            c.struct_size = ck_message.size(forMinor: ABIAgreement.minor)
            c.message_id = arena.string(message.messageID)
            (c.body, c.body_length) = MessageFieldCodec.body(message.body, arena)
            c.receipt_handle = arena.string(message.receiptHandle)
            c.receive_count = Int32(clamping: message.receiveCount)
            (c.attributes, c.attribute_count) = MessageAttributeCodec.write(message.attributes, arena)
            c.group_id = arena.string(message.groupID)
            c.sent_ms = ABITime.milliseconds(message.sentAt)
            return UnsafePointer(arena.value(c))
        }
        return (UnsafePointer(arena.array(list)), list.count)
    }

    /// Host side: a copy of the provider's `count` messages; a malformed one is `internal`.
    public static func read(_ list: UnsafePointer<UnsafePointer<ck_message>?>?, _ count: Int) throws(CloudError) -> [ReceivedMessage] {
        try ABIResult.read("receive result") { () throws(CloudError) in
            try ABIInput.list(list, count, "messages") { (pointer, field) throws(CloudError) in
                let c = try ABIStruct.read(pointer, field, unknownTail: .ignore)
                return ReceivedMessage(
                    messageID: try ABIInput.string(c.message_id, "\(field).message_id"),
                    body: try MessageFieldCodec.body(c.body, c.body_length, "\(field).body"),
                    receiptHandle: try ABIInput.string(c.receipt_handle, "\(field).receipt_handle"), receiveCount: Int(c.receive_count),
                    attributes: try MessageAttributeCodec.read(c.attributes, c.attribute_count, "\(field).attributes", unknownTail: .ignore),
                    groupID: try ABIInput.optionalString(c.group_id, "\(field).group_id"), sentAt: ABITime.date(c.sent_ms))
            }
        }
    }
}
