import CloudKitModel
import CloudKitProviderSupport
#if canImport(Glibc)
import Glibc
#endif

/// Opens the folders of a `RootedPath` one name at a time from the root
/// (`openat` with `O_NOFOLLOW | O_DIRECTORY`), so that no symbolic link below
/// the root is ever followed: the operation on the last name then happens
/// relative to the folder reached (`openat`, `renameat`, `unlinkat`, …).
/// Where the kernel can, a folder is opened in one call that refuses the
/// same links (`BeneathOpen`); the walk then only runs to report a failure.
enum FolderWalk {
    /// Opens the folder at `path`; the caller closes the descriptor.
    /// `notFound` when a folder on the way is missing, `permissionDenied`
    /// (code `SymbolicLink`) when one is a link, `internal` when a name is
    /// not plain.
    static func openFolder(_ path: RootedPath, _ action: String) throws(CloudError) -> Int32 {
        if let descriptor = BeneathOpen.open(path, flags: O_RDONLY | O_DIRECTORY | O_NOFOLLOW) { return descriptor }
        var descriptor = open(path.root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw FileErrors.map(action, path.path) }
        for (index, name) in path.names.enumerated() {
            let reached = RootedPath(root: path.root, names: Array(path.names[...index]))
            guard RootedPath.isPlainName(name) else {
                close(descriptor)
                throw notPlain(action, reached)
            }
            let next = openat(descriptor, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            if next < 0 {
                let failure = failure(action, reached, in: descriptor, errno)
                close(descriptor)
                throw failure
            }
            close(descriptor)
            descriptor = next
        }
        return descriptor
    }

    /// Runs `body` with the folder holding `path` open and `path`'s last
    /// name (checked to be plain). Errors as in `openFolder`.
    static func inParent<T>(_ path: RootedPath, _ action: String, _ body: (Int32, String) throws(CloudError) -> T) throws(CloudError) -> T {
        guard let parent = path.parent, let name = path.name else {
            throw CloudError(.internal, "\(action) \(path): that is the local root itself", code: "IOError")
        }
        guard RootedPath.isPlainName(name) else { throw notPlain(action, path) }
        let folder = try openFolder(parent, action)
        defer { close(folder) }
        return try body(folder, name)
    }

    /// Opens the file at `path` with `flags` (`O_NOFOLLOW` and `O_CLOEXEC`
    /// are added) and `mode`; the caller closes the descriptor. Errors as in
    /// `openFolder`, and `failure`'s for the file itself.
    static func openFile(_ path: RootedPath, _ action: String, flags: Int32, mode: mode_t = 0) throws(CloudError) -> Int32 {
        let flags = flags | O_NOFOLLOW | O_CLOEXEC
        if let descriptor = BeneathOpen.open(path, flags: flags, mode: mode) { return descriptor }
        return try inParent(path, action) { folder, name throws(CloudError) in
            let descriptor = openat(folder, name, flags, mode)
            guard descriptor >= 0 else { throw failure(action, path, in: folder, errno) }
            return descriptor
        }
    }

    /// The error for a failed call on `path`, whose last name is in the open
    /// `folder`, that set `code`: `permissionDenied` when the name is a
    /// symbolic link (that is why `O_NOFOLLOW` failed), else the usual mapping.
    static func failure(_ action: String, _ path: RootedPath, in folder: Int32, _ code: Int32) -> CloudError {
        if let name = path.name, isLink(name, in: folder) { return linkRefused(action, path) }
        return FileErrors.map(action, path.path, code)
    }

    /// True when `name` in the open `folder` is a symbolic link.
    static func isLink(_ name: String, in folder: Int32) -> Bool {
        var info = stat()
        return fstatat(folder, name, &info, AT_SYMLINK_NOFOLLOW) == 0 && (info.st_mode & S_IFMT) == S_IFLNK
    }

    /// A link found where the provider's own file or folder should be.
    static func linkRefused(_ action: String, _ path: RootedPath) -> CloudError {
        CloudError(
            .permissionDenied, "\(action) \(path): it is a symbolic link, and links inside the local root are never followed",
            code: "SymbolicLink")
    }

    /// A name that is not a plain file name where one of the provider's own should be.
    static func notPlain(_ action: String, _ path: RootedPath) -> CloudError {
        CloudError(.internal, "\(action) \(path): '\(path.name ?? "")' is not a plain file name", code: "CorruptRecord")
    }
}
