import CCloudKitABI
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
    // Immutable, static data of the provider, valid while loaded (forever).
    let table: UnsafePointer<ck_provider>

    private static let loaded = Mutex<[String: ProviderLibrary]>([:])

    private init(path: String, table: UnsafePointer<ck_provider>) {
        self.path = path
        self.table = table
        let provider = table.pointee
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
            let table = withUnsafePointer(to: HostLogBridge.host) { initialize($0) }
            guard let table else {
                throw CloudError(.internal, "\(canonical): \(CK_PROVIDER_INIT_SYMBOL) returned NULL", code: "ProviderInitFailed")
            }
            // abi_major sits at the same offset in every version of the table.
            guard table.pointee.abi_major == UInt32(CK_ABI_VERSION_MAJOR) else {
                throw CloudError(
                    .unsupported,
                    "\(canonical) speaks cloudkit ABI \(table.pointee.abi_major).\(table.pointee.abi_minor); this host speaks \(CK_ABI_VERSION_MAJOR).x",
                    code: "ProviderABIMismatch")
            }
            // ABI 1.0's last member is `functions`: the table must hold all of it.
            guard ABIMembers.has(table, \.functions) else {
                throw CloudError(.unsupported, "\(canonical): its provider table is too small for ABI 1.0", code: "ProviderABIMismatch")
            }
            let library = ProviderLibrary(path: canonical, table: table)
            loaded[canonical] = library
            return library
        }
    }
}
