import CCloudKitABI
import CloudKitLoader
import CloudKitModel

/// Where provider libraries are looked for, and what is there, by the C
/// loader's rules (`ck_loader_locate`, `ck_loader_list`): a value containing
/// `/` is a path; a name `NAME` is `libcloudkit-NAME.so` searched in
/// `CLOUDKIT_PLUGIN_PATH`, beside the executable, in `<exe>/../lib/cloudkit`
/// and in `/usr/local/lib/cloudkit`.
public struct ProviderSearch: Sendable {
    /// The environment the rules read; nil: the process's.
    public var environment: [String: String]?
    /// The executable's folder; nil: the running executable's; "": none.
    public var executableDirectory: String?

    public init(environment: [String: String]? = nil, executableDirectory: String? = nil) {
        self.environment = environment
        self.executableDirectory = executableDirectory
    }

    /// The folders searched, in order, and the provider libraries found in
    /// them (the first of each name).
    public struct Listing: Sendable, Hashable {
        public var directories: [String]
        public var found: [Found]
    }

    /// A provider library on the search path.
    public struct Found: Sendable, Hashable {
        public var name: String
        public var path: String
    }

    private var request: LoaderRequest {
        LoaderRequest(environment: environment, executableDirectory: executableDirectory)
    }

    /// The path of the library for `nameOrPath`, or a `not found` error that
    /// names the file and lists every folder looked in.
    public func locate(_ nameOrPath: String) throws(CloudError) -> String {
        try request.withRequest { request throws(CloudError) in
            var path = [CChar](repeating: 0, count: 4096)
            try LoaderCall.run { error in ck_loader_locate(request, nameOrPath, &path, path.count, error) }
            return String(decoding: path.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
    }

    /// The search path and the provider libraries on it (none is loaded).
    public func list() throws(CloudError) -> Listing {
        try request.withRequest { request throws(CloudError) in
            var search: UnsafeMutablePointer<ck_loader_search>?
            try LoaderCall.run { error in ck_loader_list(request, &search, error) }
            defer { ck_loader_search_free(search) }
            guard let listing = search?.pointee else { return Listing(directories: [], found: []) }
            let directories = listing.directories.map { list in
                (0..<listing.directory_count).compactMap { LoaderCall.string(list[$0]) }
            } ?? []
            let found = listing.found.map { list in
                (0..<listing.found_count).compactMap { index -> Found? in
                    guard let entry = list[index]?.pointee,
                          let name = LoaderCall.string(entry.name), let path = LoaderCall.string(entry.path) else { return nil }
                    return Found(name: name, path: path)
                }
            } ?? []
            return Listing(directories: directories, found: found)
        }
    }
}
