import CCloudKitABI
import CloudKitABI
import CloudKitModel

/// The operations of each service table of ABI 1.3, by their C entry names,
/// so a provider's capabilities document lists them the same way everywhere.
public enum StandardOperations {
    /// The ABI version this kit implements, as capabilities documents give it ("1.5").
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

/// The capability entries both providers share: their services follow AWS's
/// model and limits (SQS, SNS, Lambda, DynamoDB, S3 presigning), so each
/// provider starts from these and adds only what differs.
public enum StandardServices {
    /// Queues with SQS's limits.
    public static let queue = ServiceCapabilities.all(
        StandardOperations.queue,
        limits: ["max_message_size": .number(262_144), "max_receive_messages": .number(10), "max_wait_seconds": .number(20), "fifo": .flag(true)])
    /// Publish/subscribe with SNS's limits.
    public static let pubsub = ServiceCapabilities.all(
        StandardOperations.pubsub, limits: ["max_message_size": .number(262_144), "fifo": .flag(true)])
    /// Functions with Lambda's payload limits.
    public static let functions = ServiceCapabilities.all(
        StandardOperations.functions, limits: ["max_sync_payload": .number(6_291_456), "max_event_payload": .number(262_144)])
    /// Key-value limits every provider enforces the same way (`KVLimits`).
    public static let kvLimits: [String: CapabilityLimit] = [
        "max_transaction_operations": .number(Int64(KVLimits.transactionOperations)), "max_page_size": .number(Int64(KVLimits.pageLimit)),
    ]
    /// Object storage limits of presigning and tags (S3's, kept by both).
    public static let storageLimits: [String: CapabilityLimit] = [
        "presign_methods": .names(["GET", "PUT"]), "max_presign_seconds": .number(604_800), "max_tags": .number(Int64(ObjectTagSet.maximumTags)),
    ]
    /// The object options of storage operations, for a provider that keeps `stored` with objects.
    public static func storageOptions(stored: [String]) -> [String: [String]] {
        ["put_object": stored + [ObjectOptionKey.ifMatch, ObjectOptionKey.ifNoneMatch], "copy_object": stored, "get_object": ObjectOptionKey.get]
    }
}
