/// A file or folder inside a local root: the root's path (trusted as
/// configured, so links within it are followed) and the plain names below it.
///
/// Every operation on one (`FileSystem`, `ReadableFile`, `WritableFile`,
/// `FileLock`, `StagedFile`) opens the names one at a time from the root,
/// each with `O_NOFOLLOW` (see `FolderWalk`). A symbolic link anywhere below
/// the root — a bucket or key folder replaced by a link, a link in place of a
/// file — is refused as `permissionDenied` (code `SymbolicLink`), so nothing
/// outside the root is ever read, written or removed through one.
struct RootedPath: Sendable, Hashable, CustomStringConvertible {
    /// The root's absolute path.
    let root: String
    /// The names from the root down.
    let names: [String]

    init(root: String, names: [String] = []) {
        self.root = root
        self.names = names
    }

    /// The entry `name` inside this folder.
    func appending(_ name: String) -> RootedPath { RootedPath(root: root, names: names + [name]) }

    /// The entry reached by `more` names inside this folder.
    func appending(_ more: [String]) -> RootedPath { RootedPath(root: root, names: names + more) }

    /// The folder holding this entry; nil for the root itself.
    var parent: RootedPath? { names.isEmpty ? nil : RootedPath(root: root, names: Array(names.dropLast())) }

    /// The last name; nil for the root itself.
    var name: String? { names.last }

    /// The absolute path, for messages and URLs.
    var path: String {
        guard !names.isEmpty else { return root }
        return (root.hasSuffix("/") ? root : root + "/") + names.joined(separator: "/")
    }

    var description: String { path }

    /// True for a name that stays in its folder: not empty, `.` or `..`, and
    /// without `/` or NUL.
    static func isPlainName(_ name: String) -> Bool {
        var count = 0
        var dots = 0
        for byte in name.utf8 {
            if byte == UInt8(ascii: "/") || byte == 0 { return false }
            if byte == UInt8(ascii: ".") { dots += 1 }
            count += 1
        }
        return count > 0 && !(dots == count && count <= 2)
    }
}
