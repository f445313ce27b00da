import CCloudKitABI
import CloudKitModel

/// `ck_queue_counts` ↔ `QueueCounts`: written by a provider, read by the host.
public enum QueueCountsCodec {
    /// Provider side: `counts` in `arena`.
    public static func write(_ counts: QueueCounts, _ arena: CArena) -> UnsafePointer<ck_queue_counts> {
        var c = ck_queue_counts()
        c.struct_size = ck_queue_counts.size(forMinor: ABIAgreement.minor)
        c.visible = Int64(counts.visible)
        c.in_flight = Int64(counts.inFlight)
        c.delayed = Int64(counts.delayed)
        return UnsafePointer(arena.value(c))
    }

    /// Host side: a copy of the provider's counts; none, or malformed, is `internal`.
    public static func read(_ pointer: UnsafePointer<ck_queue_counts>?) throws(CloudError) -> QueueCounts {
        let c = try ABIResult.read("counts result") { () throws(CloudError) in try ABIStruct.read(pointer, "counts", unknownTail: .ignore) }
        return QueueCounts(visible: Int(clamping: c.visible), inFlight: Int(clamping: c.in_flight), delayed: Int(clamping: c.delayed))
    }
}
