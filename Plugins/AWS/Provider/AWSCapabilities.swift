import CloudKitModel
import CloudKitProviderSupport

extension AWSProviderDefinition {
    /// The AWS provider's capabilities: S3, DynamoDB, SQS, SNS and Lambda,
    /// with S3's stored object settings (storage class and server-side
    /// encryption among them) and conditional writes and reads.
    public static var capabilities: ProviderCapabilities {
        let stored = ObjectOptionKey.stored
        return ProviderCapabilities(
            provider: name, abi: StandardOperations.abiVersion,
            services: [
                CapabilityService.storage: .all(
                    StandardOperations.storage,
                    options: [
                        "put_object": stored + [ObjectOptionKey.ifMatch, ObjectOptionKey.ifNoneMatch], "copy_object": stored,
                        "get_object": ObjectOptionKey.get,
                    ],
                    limits: [
                        "presign_methods": .names(["GET", "PUT"]), "max_presign_seconds": .number(604_800), "max_tags": .number(10),
                        "max_object_size": .number(5_497_558_138_880), "max_single_put_size": .number(5_368_709_120),
                        "max_part_count": .number(10_000),
                    ]),
                CapabilityService.kv: .all(
                    StandardOperations.kv,
                    limits: ["max_item_size": .number(409_600), "max_transaction_operations": .number(Int64(KVLimits.transactionOperations)), "max_page_size": .number(Int64(KVLimits.pageLimit))]),
                CapabilityService.queue: .all(
                    StandardOperations.queue,
                    limits: ["max_message_size": .number(262_144), "max_receive_messages": .number(10), "max_wait_seconds": .number(20), "fifo": .flag(true)]),
                CapabilityService.pubsub: .all(
                    StandardOperations.pubsub, limits: ["max_message_size": .number(262_144), "fifo": .flag(true)]),
                CapabilityService.functions: .all(
                    StandardOperations.functions,
                    limits: ["max_sync_payload": .number(6_291_456), "max_event_payload": .number(262_144)]),
            ])
    }
}
