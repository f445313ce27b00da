/// The part of the provider table a call belongs to: one of the five
/// services, or the client itself (`identity`, `capabilities`). The kit
/// asks the client where each service's calls run
/// (`ProviderClient.callPlacement(for:)`).
public enum ProviderService: Int, Sendable, CaseIterable {
    case storage
    case kv
    case queue
    case pubsub
    case functions
    /// The client's own entries: `identity` and `capabilities`.
    case client
}
