import CCloudKitABI
import CloudKitModel

/// `ck_batch_entry` ↔ `BatchEntryResult`: one per entry of `send_batch`,
/// `ack_batch` and `publish_batch`, each with its own status. Written by a
/// provider, read by the host.
public enum BatchEntryCodec {
    /// Provider side: `entries` as `ck_batch_entry`s in `arena` (nil and 0 when empty).
    public static func write(_ entries: [BatchEntryResult], _ arena: CArena) -> (UnsafePointer<UnsafePointer<ck_batch_entry>?>?, Int) {
        let list: [UnsafePointer<ck_batch_entry>?] = entries.map { entry in
            var c = ck_batch_entry()
            c.struct_size = ck_batch_entry.size(forMinor: ABIAgreement.minor)
            c.index = entry.index
            c.status = UnsafePointer(entry.error.map { ABIStatus.failure($0, arena) } ?? ABIStatus.ok(arena))
            c.message_id = arena.string(entry.messageID)
            return UnsafePointer(arena.value(c))
        }
        return (UnsafePointer(arena.array(list)), list.count)
    }

    /// Host side: a copy of the provider's `count` entries, in request order;
    /// a malformed one is `internal`.
    public static func read(_ list: UnsafePointer<UnsafePointer<ck_batch_entry>?>?, _ count: Int) throws(CloudError) -> [BatchEntryResult] {
        let entries = try ABIResult.read("batch result") { () throws(CloudError) in
            try ABIInput.list(list, count, "entries") { (pointer, field) throws(CloudError) in
                let c = try ABIStruct.read(pointer, field, unknownTail: .ignore)
                return BatchEntryResult(
                    index: c.index, messageID: try ABIInput.optionalString(c.message_id, "\(field).message_id"), error: ABIStatus.error(c.status))
            }
        }
        return entries.sorted { $0.index < $1.index }
    }
}
