import CCloudKitABI

/// An open client and the provider's tables as the host copied them, for
/// calling the C entries directly, past every check the Swift services make
/// first. The conformance kit uses it to hand a provider hostile arguments
/// (NULL pointers, invalid UTF-8, too-small structs) and see each refused
/// cleanly. Valid while the `Cloud` it came from is open.
@_spi(RawABI)
public struct RawABI: @unchecked Sendable {
    public let client: OpaquePointer
    /// The provider table (entries past its `struct_size` are NULL).
    public let provider: ck_provider
    public let storage: ck_storage_v1?
    public let kv: ck_kv_v1?
    public let queue: ck_queue_v1?
    public let pubsub: ck_pubsub_v1?
    public let functions: ck_functions_v1?
}

extension Cloud {
    /// The client's C ABI; `cancelled` once the client is closed.
    @_spi(RawABI)
    public func rawABI() throws(CloudError) -> RawABI {
        let library = provider
        return RawABI(
            client: try client.current(), provider: library.table, storage: library.storage, kv: library.kv, queue: library.queue,
            pubsub: library.pubsub, functions: library.functions)
    }
}
