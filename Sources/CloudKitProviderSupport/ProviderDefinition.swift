import CloudKitABI
import CloudKitModel

/// What a provider implements in Swift; `ProviderTable` turns it into the C ABI.
///
/// A provider library defines one type conforming to this protocol and
/// exports `cloudkit_provider_init` returning `ProviderTable.make(for:host:)`.
public protocol ProviderDefinition {
    /// Short name: "aws", "local".
    static var name: String { get }
    /// The provider's version: by default the release's (`CloudKitVersion.current`).
    static var version: String { get }
    static var summary: String { get }
    /// Every configuration key `open` accepts, with a description. Any other key is refused
    /// before `open` is called.
    static var options: [ProviderOption] { get }
    /// What the provider can do: services, operations with the per-call
    /// option keys each accepts, and limits (ABI 1.3 capabilities). The kit
    /// refuses an option an operation does not list before calling the provider.
    static var capabilities: ProviderCapabilities { get }
    /// Opens a client from validated options. Called on the host's thread.
    static func open(options: [String: String], logger: ProviderLogger) throws(CloudError) -> any ProviderClient
}

extension ProviderDefinition {
    /// Providers shipped with cloudkit carry the release version.
    public static var version: String { CloudKitVersion.current }
}

/// One configuration key a provider accepts.
public struct ProviderOption: Sendable, Hashable {
    public var key: String
    public var description: String

    public init(_ key: String, _ description: String) {
        self.key = key
        self.description = description
    }
}

/// An open client: the services it offers. Thread-safe.
public protocol ProviderClient: Sendable {
    /// Object storage, or nil when the provider has none.
    var storage: (any ObjectStorage)? { get }
    /// Key-value tables, or nil when the provider has none.
    var kv: (any KeyValueStore)? { get }
    /// Message queues, or nil when the provider has none.
    var queues: (any MessageQueues)? { get }
    /// Publish/subscribe, or nil when the provider has none.
    var pubsub: (any PubSub)? { get }
    /// Functions, or nil when the provider has none.
    var functions: (any Functions)? { get }
    /// Who the client acts as, as a JSON object (never a secret); `unsupported` by default.
    func identity() async throws(CloudError) -> JSONValue
    /// Releases resources. Called once, after every operation has completed.
    func shutdown()
    /// Which threads run this client's calls of `service`; `.pool` by
    /// default. Asked once per service when the client is opened.
    func callPlacement(for service: ProviderService) -> CallPlacement
}

extension ProviderClient {
    public func shutdown() {}
    public func callPlacement(for service: ProviderService) -> CallPlacement { .pool }
    public func identity() async throws(CloudError) -> JSONValue {
        throw CloudError(.unsupported, "this provider cannot describe its identity")
    }
    public var kv: (any KeyValueStore)? { nil }
    public var queues: (any MessageQueues)? { nil }
    public var pubsub: (any PubSub)? { nil }
    public var functions: (any Functions)? { nil }
}
