import CloudKitModel
import CloudKitProviderSupport

extension LocalProviderDefinition {
    /// The local provider's capabilities: all five services; objects keep
    /// cache_control, content_encoding, content_disposition and tags, and
    /// writes and reads can be conditional; no storage classes or encryption.
    public static var capabilities: ProviderCapabilities {
        let stored = [ObjectOptionKey.cacheControl, ObjectOptionKey.contentEncoding, ObjectOptionKey.contentDisposition, ObjectOptionKey.tags]
        return ProviderCapabilities(
            provider: name, abi: StandardOperations.abiVersion,
            services: [
                CapabilityService.storage: .all(
                    StandardOperations.storage,
                    options: [
                        "put_object": stored + [ObjectOptionKey.ifMatch, ObjectOptionKey.ifNoneMatch], "copy_object": stored,
                        "get_object": ObjectOptionKey.get,
                    ],
                    limits: ["presign_methods": .names(["GET", "PUT"]), "max_presign_seconds": .number(604_800), "max_tags": .number(10)]),
                CapabilityService.kv: .all(
                    StandardOperations.kv,
                    limits: ["max_transaction_operations": .number(Int64(KVLimits.transactionOperations)), "max_page_size": .number(Int64(KVLimits.pageLimit))]),
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
