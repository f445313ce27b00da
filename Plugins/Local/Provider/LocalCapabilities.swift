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
                    StandardOperations.storage, options: StandardServices.storageOptions(stored: stored), limits: StandardServices.storageLimits),
                CapabilityService.kv: .all(StandardOperations.kv, limits: StandardServices.kvLimits),
                CapabilityService.queue: StandardServices.queue,
                CapabilityService.pubsub: StandardServices.pubsub,
                CapabilityService.functions: StandardServices.functions,
            ])
    }
}
