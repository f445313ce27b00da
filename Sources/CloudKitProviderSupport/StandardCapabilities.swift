import CCloudKitABI
import CloudKitABI
import CloudKitModel

/// The operations of each service table of ABI 1.3, by their C entry names,
/// so a provider's capabilities document lists them the same way everywhere.
public enum StandardOperations {
    /// The ABI version this kit implements, as capabilities documents give it ("1.3").
    public static let abiVersion = "\(CK_ABI_VERSION_MAJOR).\(CK_ABI_VERSION_MINOR)"

    public static let storage = [
        "create_bucket", "delete_bucket", "put_object", "get_object", "head_object", "delete_object", "list_objects",
        "copy_object", "presign", "list_buckets",
    ]
    public static let kv = [
        "create_table", "delete_table", "put_item", "get_item", "delete_item", "update_item", "query", "scan", "batch_get",
        "batch_put", "transact", "list_tables",
    ]
    public static let queue = [
        "create_queue", "delete_queue", "send", "send_batch", "receive", "ack", "ack_batch", "change_visibility", "purge",
        "counts", "list_queues",
    ]
    public static let pubsub = [
        "create_topic", "delete_topic", "publish", "publish_batch", "subscribe", "unsubscribe", "list_subscriptions", "list_topics",
    ]
    public static let functions = ["invoke", "get_function", "list_functions"]
}

extension ServiceCapabilities {
    /// Every operation of `operations`, with the option keys `options` gives for some of them.
    public static func all(
        _ operations: [String], options: [String: [String]] = [:], limits: [String: CapabilityLimit] = [:]
    ) -> ServiceCapabilities {
        ServiceCapabilities(
            operations: Dictionary(uniqueKeysWithValues: operations.map { ($0, OperationCapabilities(options: options[$0] ?? [])) }),
            limits: limits)
    }
}
