import CloudKitModel
import CCloudKitABI
import CloudKitABI
import Foundation
import Synchronization

/// A provider shared library, loaded with `dlopen` and checked against this
/// host's ABI version.
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

    private static let loaded = Locked<[String: ProviderLibrary]>([:])

    private init(path: String, table provider: ck_provider) throws(CloudError) {
        self.path = path
        self.table = provider
        storage = try Self.copy(provider.storage, "storage table")
        kv = try Self.copy(provider.kv, "kv table")
        queue = try Self.copy(provider.queue, "queue table")
        pubsub = try Self.copy(provider.pubsub, "pubsub table")
        functions = try Self.copy(provider.functions, "functions table")
        name = provider.name.map { String(cString: $0) } ?? "unnamed"
        version = provider.version.map { String(cString: $0) } ?? "unknown"
        summary = provider.description.map { String(cString: $0) } ?? ""
        abiMajor = provider.abi_major
        abiMinor = provider.abi_minor
        var options: [(String, String)] = []
        if let list = provider.options {
            for index in 0..<provider.option_count {
                guard let info = list[index] else { continue }
                options.append((info.pointee.key.map { String(cString: $0) } ?? "", info.pointee.description.map { String(cString: $0) } ?? ""))
            }
        }
        self.options = options.map { (key: $0.0, description: $0.1) }
    }

    /// A copy of a service table (entries past its size read as NULL).
    private static func copy<Table: ABIStructType>(_ table: UnsafePointer<Table>?, _ what: String) throws(CloudError) -> Table? {
        guard let table else { return nil }
        return try ABIStruct.read(table, what, unknownTail: .ignore)
    }

    /// The size of the buffer a 1.3 provider may write its init failure into.
    private static let initErrorCapacity = 512

    /// Loads (or returns the already loaded) provider at `path`.
    ///
    /// Fails with a clear `CloudError` when the file cannot be loaded, lacks
    /// `cloudkit_provider_init`, or speaks another ABI major version.
    public static func load(path: String) throws(CloudError) -> ProviderLibrary {
        let canonical = URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
        return try loaded.withLock { loaded throws(CloudError) in
            if let library = loaded[canonical] { return library }
            guard let handle = dlopen(canonical, RTLD_NOW | RTLD_LOCAL) else {
                let reason = dlerror().map { String(cString: $0) } ?? "unknown reason"
                throw CloudError(.notFound, "cannot load provider library \(canonical): \(reason)", code: "ProviderLoadFailed")
            }
            guard let symbol = dlsym(handle, CK_PROVIDER_INIT_SYMBOL) else {
                throw CloudError(
                    .notFound, "\(canonical) is not a cloudkit provider: it has no \(CK_PROVIDER_INIT_SYMBOL) symbol",
                    code: "ProviderEntryMissing")
            }
            let initialize = unsafeBitCast(symbol, to: ck_provider_init_fn.self)
            let library = try initialized(initialize, label: canonical)
            loaded[canonical] = library
            return library
        }
    }

    /// A provider linked into this program instead of loaded from a file:
    /// `initialize` is its `cloudkit_provider_init`. It is checked exactly as
    /// a loaded library is (ABI major, table size); `label` names it in
    /// messages and is its `path`. For embedding a provider, and for testing
    /// the host and a provider together without `dlopen`.
    public static func linked(_ initialize: ck_provider_init_fn, label: String) throws(CloudError) -> ProviderLibrary {
        try initialized(initialize, label: label)
    }

    /// Calls a provider's init with this host's `ck_host` and checks what it returns.
    private static func initialized(_ initialize: ck_provider_init_fn, label canonical: String) throws(CloudError) -> ProviderLibrary {
        var reason = [CChar](repeating: 0, count: initErrorCapacity)
        let pointer = reason.withUnsafeMutableBufferPointer { buffer in
            var host = HostLogBridge.host
            host.init_error = buffer.baseAddress
            host.init_error_capacity = buffer.count
            return withUnsafePointer(to: host) { initialize($0) }
        }
        guard let pointer else {
            let said = String(cString: reason)
            throw CloudError(
                .unsupported, "\(canonical): \(CK_PROVIDER_INIT_SYMBOL) refused this host: \(said.isEmpty ? "it gave no reason" : said)",
                code: "ProviderInitFailed")
        }
        // abi_major sits at the same offset in every version of the table.
        let major = UnsafeRawPointer(pointer).load(fromByteOffset: MemoryLayout<Int>.size, as: UInt32.self)
        let minor = UnsafeRawPointer(pointer).load(fromByteOffset: MemoryLayout<Int>.size + 4, as: UInt32.self)
        guard major == UInt32(CK_ABI_VERSION_MAJOR) else {
            throw CloudError(
                .unsupported,
                "\(canonical) speaks cloudkit ABI \(major).\(minor); this host speaks \(CK_ABI_VERSION_MAJOR).\(CK_ABI_VERSION_MINOR)",
                code: "ProviderABIMismatch")
        }
        // The table must hold all of ABI 1.0 (up to `functions`).
        let table: ck_provider
        do throws(CloudError) {
            table = try ABIStruct.read(pointer, "provider table", unknownTail: .ignore)
        } catch {
            throw CloudError(.unsupported, "\(canonical): \(error.message)", code: "ProviderABIMismatch")
        }
        return try ProviderLibrary(path: canonical, table: table)
    }
}
