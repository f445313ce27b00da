import CloudKitModel
import CCloudKitABI
import CloudKitABI

/// A provider library, loaded with `dlopen` and checked against this host's
/// ABI version by the C loader (`abi/cloudkit_loader.h`).
///
/// Libraries are never unloaded: a provider holds threads and a language
/// runtime that cannot be torn down safely, and loading is cached per path.
public final class ProviderLibrary: @unchecked Sendable {
    /// The file that was loaded.
    public let path: String
    /// The provider's name ("aws", "local").
    public let name: String
    /// The provider's own version.
    public let version: String
    public let summary: String
    /// The ABI version the provider was built with.
    public let abiMajor: UInt32
    public let abiMinor: UInt32
    /// The configuration keys the provider accepts, with descriptions.
    public let options: [(key: String, description: String)]
    /// The provider's table, copied under the growth rules: entries its
    /// version lacks are NULL, whatever its `struct_size`.
    let table: ck_provider
    /// The service tables, copied the same way (nil: the provider has none).
    let storage: ck_storage_v1?
    let kv: ck_kv_v1?
    let queue: ck_queue_v1?
    let pubsub: ck_pubsub_v1?
    let functions: ck_functions_v1?
    /// Keeps the library loaded while this exists.
    private let loaded: LoadedProvider

    private static let cache = Locked<[String: ProviderLibrary]>([:])

    private init(_ loaded: LoadedProvider) throws(CloudError) {
        guard let pointer = loaded.table else { throw .internal("the loader gave no provider table") }
        // The loader checked the major version and that the table holds all of ABI 1.0.
        let provider: ck_provider = try ABIStruct.read(pointer, "provider table", unknownTail: .ignore)
        self.loaded = loaded
        self.path = loaded.path
        self.table = provider
        storage = try Self.copy(provider.storage, "storage table")
        kv = try Self.copy(provider.kv, "kv table")
        queue = try Self.copy(provider.queue, "queue table")
        pubsub = try Self.copy(provider.pubsub, "pubsub table")
        functions = try Self.copy(provider.functions, "functions table")
        name = LoaderCall.string(loaded.pointer.pointee.name) ?? "unnamed"
        version = LoaderCall.string(provider.version) ?? "unknown"
        summary = LoaderCall.string(provider.description) ?? ""
        abiMajor = provider.abi_major
        abiMinor = provider.abi_minor
        var options: [(key: String, description: String)] = []
        if let list = provider.options {
            for index in 0..<provider.option_count {
                guard let info = list[index] else { continue }
                options.append((LoaderCall.string(info.pointee.key) ?? "", LoaderCall.string(info.pointee.description) ?? ""))
            }
        }
        self.options = options
    }

    /// A copy of a service table (entries past its size read as NULL).
    private static func copy<Table: ABIStructType>(_ table: UnsafePointer<Table>?, _ what: String) throws(CloudError) -> Table? {
        guard let table else { return nil }
        return try ABIStruct.read(table, what, unknownTail: .ignore)
    }

    /// The library for `loaded`: the one already made for its path, else a new one that keeps `loaded`.
    static func cached(_ loaded: LoadedProvider) throws(CloudError) -> ProviderLibrary {
        try cache.withLock { cache throws(CloudError) in
            if let library = cache[loaded.path] { return library }
            let library = try ProviderLibrary(loaded)
            cache[loaded.path] = library
            return library
        }
    }

    /// Loads (or returns the already loaded) provider at `path`.
    ///
    /// Fails with a clear `CloudError` when the file cannot be loaded, lacks
    /// `cloudkit_provider_init`, or speaks another ABI major version.
    public static func load(path: String) throws(CloudError) -> ProviderLibrary {
        try cached(LoadedProvider.library(path: path))
    }

    /// A provider linked into this program instead of loaded from a file:
    /// `initialize` is its `cloudkit_provider_init`. It is checked exactly as
    /// a loaded library is (ABI major, table size); `label` names it in
    /// messages and is its `path`. For embedding a provider, and for testing
    /// the host and a provider together without `dlopen`.
    public static func linked(_ initialize: ck_provider_init_fn, label: String) throws(CloudError) -> ProviderLibrary {
        try ProviderLibrary(LoadedProvider.linked(initialize, label: label))
    }
}
