import CCloudKitABI
import CloudKitModel

/// `ck_queue_spec` ↔ `QueueSpec`. Nil seconds travel as -1 (the default).
public enum QueueSpecCodec {
    /// Host side: the spec in `arena`.
    public static func write(_ spec: QueueSpec, _ arena: CArena) -> ck_queue_spec {
        var c = ck_queue_spec()
        c.struct_size = MemoryLayout<ck_queue_spec>.size
        c.name = arena.string(spec.name)
        c.fifo = spec.fifo ? 1 : 0
        c.content_based_deduplication = spec.contentBasedDeduplication ? 1 : 0
        c.visibility_timeout_seconds = MessageFieldCodec.seconds(spec.visibilityTimeout)
        c.retention_seconds = MessageFieldCodec.seconds(spec.retentionSeconds)
        c.delay_seconds = MessageFieldCodec.seconds(spec.delaySeconds)
        c.dead_letter_queue = arena.string(spec.deadLetter?.queue)
        c.max_receive_count = Int32(clamping: spec.deadLetter?.maxReceiveCount ?? 0)
        return c
    }

    /// Provider side: a copy of the host's spec; it takes no options.
    public static func read(_ pointer: UnsafePointer<ck_queue_spec>?) throws(CloudError) -> QueueSpec {
        let c = try ABIStruct.read(pointer, "spec")
        try ABIOptions.refuseAll(c.options, c.option_count, operation: "create_queue")
        let deadLetter = try ABIInput.optionalString(c.dead_letter_queue, "spec.dead_letter_queue")
        return QueueSpec(
            name: try ABIInput.string(c.name, "spec.name"), fifo: c.fifo != 0, contentBasedDeduplication: c.content_based_deduplication != 0,
            visibilityTimeout: try MessageFieldCodec.seconds(c.visibility_timeout_seconds, "spec.visibility_timeout_seconds"),
            retentionSeconds: try MessageFieldCodec.seconds(c.retention_seconds, "spec.retention_seconds"),
            delaySeconds: try MessageFieldCodec.seconds(c.delay_seconds, "spec.delay_seconds"),
            deadLetter: deadLetter.map { DeadLetterPolicy(queue: $0, maxReceiveCount: Int(c.max_receive_count)) })
    }
}
