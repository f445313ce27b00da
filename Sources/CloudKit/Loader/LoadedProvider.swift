import CCloudKitABI
import CloudKitLoader
import CloudKitModel

/// Owns a `ck_loaded` from the C loader — a provider library loaded and
/// checked, with how it was chosen — and closes it (releasing its `dlopen`
/// reference) when it goes away.
final class LoadedProvider: @unchecked Sendable {
    /// Never NULL; immutable after loading, so safe to read from any thread.
    let pointer: UnsafeMutablePointer<ck_loaded>

    private init(_ pointer: UnsafeMutablePointer<ck_loaded>) {
        self.pointer = pointer
    }

    deinit { ck_loader_close(pointer) }

    /// Chooses, finds and loads the provider `request` describes (`ck_loader_load`).
    static func load(_ request: LoaderRequest) throws(CloudError) -> LoadedProvider {
        try request.withRequest { request throws(CloudError) in
            try taking { out, error in ck_loader_load(request, out, error) }
        }
    }

    /// Loads the library at `path` (`ck_loader_load_library`).
    static func library(path: String, host: ck_host = HostLogBridge.host) throws(CloudError) -> LoadedProvider {
        var host = host
        return try taking { out, error in ck_loader_load_library(path, &host, out, error) }
    }

    /// Checks a provider linked into the program (`ck_loader_load_linked`).
    static func linked(_ initialize: ck_provider_init_fn, label: String) throws(CloudError) -> LoadedProvider {
        var host = HostLogBridge.host
        return try taking { out, error in ck_loader_load_linked(initialize, label, &host, out, error) }
    }

    private static func taking(
        _ call: (UnsafeMutablePointer<UnsafeMutablePointer<ck_loaded>?>, UnsafeMutablePointer<ck_loader_error>) -> Int32
    ) throws(CloudError) -> LoadedProvider {
        var loaded: UnsafeMutablePointer<ck_loaded>?
        try LoaderCall.run { error in call(&loaded, error) }
        guard let loaded else { throw .internal("the loader succeeded without a provider") }
        return LoadedProvider(loaded)
    }

    /// The library's canonical path, or a linked provider's label.
    var path: String { LoaderCall.string(pointer.pointee.path) ?? "" }

    /// The checked provider table (never NULL after a successful load).
    var table: UnsafePointer<ck_provider>? { pointer.pointee.provider }

    /// The options the rules merged for a client (empty when no request chose the provider).
    var options: [String: String] {
        guard let options = pointer.pointee.options else { return [:] }
        return LoaderCall.dictionary(options.pointee.pairs, options.pointee.count)
    }
}
