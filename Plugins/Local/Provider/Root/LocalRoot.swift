import CloudKitModel
import Foundation

/// The folder that holds everything the local provider stores, and its layout.
///
/// - `storage/<bucket>/` — object storage, one folder per bucket;
/// - `cloudkit.sqlite3` — reserved for the key-value and queue services;
/// - `functions/<name>` — reserved for function executables.
///
/// Resolved from the `root` option, else `CLOUDKIT_LOCAL_ROOT`, else
/// `$XDG_DATA_HOME/cloudkit`, else `~/.local/share/cloudkit`. A leading `~/`
/// means the home folder; a relative path is taken from the current folder.
public struct LocalRoot: Sendable, Hashable {
    /// Absolute path of the root folder (it may not exist yet).
    public let path: String

    /// A root at `path`, made absolute.
    public init(path: String) {
        self.path = Self.absolute(path, home: ProcessInfo.processInfo.environment["HOME"])
    }

    /// The root chosen by the option or the environment (see the type's doc).
    /// Throws `invalidArgument` when nothing names a root and `HOME` is unset.
    public static func resolve(option: String?, environment: [String: String]) throws(CloudError) -> LocalRoot {
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 }
        if let option, !option.isEmpty { return LocalRoot(absolute: absolute(option, home: home)) }
        if let root = environment["CLOUDKIT_LOCAL_ROOT"], !root.isEmpty { return LocalRoot(absolute: absolute(root, home: home)) }
        if let data = environment["XDG_DATA_HOME"], !data.isEmpty { return LocalRoot(absolute: absolute("\(data)/cloudkit", home: home)) }
        guard let home else {
            throw .invalidArgument("no local root: set the `root` option, CLOUDKIT_LOCAL_ROOT, XDG_DATA_HOME or HOME")
        }
        return LocalRoot(absolute: "\(home)/.local/share/cloudkit")
    }

    private init(absolute: String) {
        path = absolute
    }

    /// The folder under which each bucket is a folder.
    public var storageFolder: String { "\(path)/storage" }

    /// The same folder, for operations that never follow a link inside the root.
    var storage: RootedPath { RootedPath(root: path, names: ["storage"]) }

    /// The folder of one bucket (the name is not checked here).
    public func bucketFolder(_ bucket: String) -> String { "\(storageFolder)/\(bucket)" }

    /// The SQLite database of the key-value and queue services.
    public var databasePath: String { "\(path)/cloudkit.sqlite3" }

    /// The folder of function executables (`functions/<name>`).
    public var functionsFolder: String { "\(path)/functions" }

    /// `path` with `~/` expanded, made absolute and without trailing slashes.
    static func absolute(_ path: String, home: String?) -> String {
        var expanded = path
        if let home, path == "~" || path.hasPrefix("~/") { expanded = home + path.dropFirst() }
        if !expanded.hasPrefix("/") { expanded = FileManager.default.currentDirectoryPath + "/" + expanded }
        let standardized = (expanded as NSString).standardizingPath
        return standardized.isEmpty ? "/" : standardized
    }
}
