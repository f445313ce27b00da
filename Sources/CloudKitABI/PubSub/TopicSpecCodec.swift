import CCloudKitABI
import CloudKitModel

/// `ck_topic_spec` ↔ `TopicSpec`.
public enum TopicSpecCodec {
    /// Host side: the spec in `arena`.
    public static func write(_ spec: TopicSpec, _ arena: CArena) -> ck_topic_spec {
        var c = ck_topic_spec()
        c.struct_size = MemoryLayout<ck_topic_spec>.size
        c.name = arena.string(spec.name)
        c.fifo = spec.fifo ? 1 : 0
        c.content_based_deduplication = spec.contentBasedDeduplication ? 1 : 0
        return c
    }

    /// Provider side: a copy of the host's spec; it takes no options.
    public static func read(_ pointer: UnsafePointer<ck_topic_spec>?) throws(CloudError) -> TopicSpec {
        let c = try ABIStruct.read(pointer, "spec")
        try ABIOptions.refuseAll(c.options, c.option_count, operation: "create_topic")
        return TopicSpec(name: try ABIInput.string(c.name, "spec.name"), fifo: c.fifo != 0, contentBasedDeduplication: c.content_based_deduplication != 0)
    }
}
