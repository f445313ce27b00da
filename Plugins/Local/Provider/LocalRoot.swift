import CloudKitModel
import Foundation

/// The folder that holds everything the local provider stores, and its layout:
/// `storage/<bucket>/` for object storage (later services add their own
/// entries beside it: a SQLite database, `functions/<name>`).
///
/// Resolved from the `root` option, else `CLOUDKIT_LOCAL_ROOT`, else
/// `$XDG_DATA_HOME/cloudkit`, else `~/.local/share/cloudkit`.
public struct LocalRoot: Sendable, Hashable {
    public let path: String

    public init(path: String) {
        self.path = path
    }

    /// The root chosen by the option or the environment (see the type's doc).
    public static func resolve(option: String?, environment: [String: String]) throws(CloudError) -> LocalRoot {
        if let option, !option.isEmpty { return LocalRoot(path: option) }
        if let root = environment["CLOUDKIT_LOCAL_ROOT"], !root.isEmpty { return LocalRoot(path: root) }
        if let data = environment["XDG_DATA_HOME"], !data.isEmpty { return LocalRoot(path: "\(data)/cloudkit") }
        guard let home = environment["HOME"], !home.isEmpty else {
            throw .invalidArgument("no local root: set the `root` option, CLOUDKIT_LOCAL_ROOT or HOME")
        }
        return LocalRoot(path: "\(home)/.local/share/cloudkit")
    }

    /// The folder under which each bucket is a folder.
    public var storageFolder: String { "\(path)/storage" }
}
