import CloudKitModel
import CloudKitProviderSupport

extension AWSProviderDefinition {
    /// The AWS provider's capabilities: S3, DynamoDB, SQS, SNS and Lambda,
    /// with S3's stored object settings (storage class and server-side
    /// encryption among them) and conditional writes and reads.
    public static var capabilities: ProviderCapabilities {
        let stored = ObjectOptionKey.stored
        let storageLimits = StandardServices.storageLimits.merging([
            "max_object_size": .number(5_497_558_138_880), "max_single_put_size": .number(5_368_709_120), "max_part_count": .number(10_000),
        ]) { $1 }
        return ProviderCapabilities(
            provider: name, abi: StandardOperations.abiVersion,
            services: [
                CapabilityService.storage: .all(
                    StandardOperations.storage, options: StandardServices.storageOptions(stored: stored), limits: storageLimits),
                CapabilityService.kv: .all(
                    StandardOperations.kv, limits: StandardServices.kvLimits.merging(["max_item_size": .number(409_600)]) { $1 }),
                CapabilityService.queue: StandardServices.queue,
                CapabilityService.pubsub: StandardServices.pubsub,
                CapabilityService.functions: StandardServices.functions,
            ])
    }
}
