import CCloudKitABI
import CloudKitModel

/// The arguments of `ck_sent_fn` ↔ `SentMessage`: what `send` and
/// `publish` complete with. Written by a provider, read by the host.
public enum SentMessageCodec {
    /// Provider side: the message id and sequence number in `arena` (NULLs for none).
    public static func write(_ sent: SentMessage?, _ arena: CArena) -> (UnsafePointer<CChar>?, UnsafePointer<CChar>?) {
        (arena.string(sent?.messageID), arena.string(sent?.sequenceNumber))
    }

    /// Host side: a copy of a successful completion's arguments; the message
    /// id is required, and a malformed result is `internal`.
    public static func read(_ messageID: UnsafePointer<CChar>?, _ sequenceNumber: UnsafePointer<CChar>?) throws(CloudError) -> SentMessage {
        try ABIResult.read("send result") { () throws(CloudError) in
            SentMessage(
                messageID: try ABIInput.string(messageID, "message_id"),
                sequenceNumber: try ABIInput.optionalString(sequenceNumber, "sequence_number"))
        }
    }
}
