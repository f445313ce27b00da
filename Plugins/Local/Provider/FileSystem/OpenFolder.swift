import CloudKitModel
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A folder inside the local root held open, so that its entries, its
/// subfolders and the small files in it are opened relative to it: one
/// `openat` each, where a path resolved from the root costs three calls
/// (open the root, `openat2`, close the root). A listing reads a record per
/// key, which made those calls most of its time.
///
/// It refuses what `FolderWalk` refuses: the folder is opened like any
/// other (never through a link), and every name in it with `O_NOFOLLOW`, so
/// a link there is `permissionDenied` (code `SymbolicLink`). A folder
/// renamed or removed while it is open is read as it is then: an entry
/// gone is missing, which callers take as a key removed meanwhile.
///
/// Not shared between threads; closed when the last reference goes.
final class OpenFolder {
    let path: RootedPath
    private let descriptor: Int32

    /// Opens the folder at `path`; nil when it does not exist.
    init?(_ path: RootedPath) throws(CloudError) {
        do {
            descriptor = try FolderWalk.openFolder(path, "cannot list folder")
        } catch where error.kind == .notFound {
            return nil
        }
        self.path = path
    }

    private init(descriptor: Int32, path: RootedPath) {
        self.descriptor = descriptor
        self.path = path
    }

    deinit { close(descriptor) }

    /// Every entry name but `.` and `..`.
    func names() throws(CloudError) -> [String] {
        try FileSystem.entries(ofOpenFolder: descriptor, path.path)
    }

    /// The subfolder `name`; nil when it is gone (or is not a folder).
    func folder(_ name: String) throws(CloudError) -> OpenFolder? {
        let child = path.appending(name)
        guard let opened = try open(name, child, "cannot list folder", O_RDONLY | O_DIRECTORY) else { return nil }
        return OpenFolder(descriptor: opened, path: child)
    }

    /// The whole content of the small file `name` (at most `limit` bytes), or nil when it does not exist.
    func readSmallFile(_ name: String, limit: Int) throws(CloudError) -> Data? {
        let file = path.appending(name)
        guard let opened = try open(name, file, "cannot open", O_RDONLY) else { return nil }
        return try FileSystem.readWhole(ReadableFile(descriptor: opened, at: file), limit: limit)
    }

    /// `name` opened with `flags` (never through a link); nil when it is missing.
    private func open(_ name: String, _ full: RootedPath, _ action: String, _ flags: Int32) throws(CloudError) -> Int32? {
        guard RootedPath.isPlainName(name) else { throw FolderWalk.notPlain(action, full) }
        while true {
            let opened = openat(descriptor, name, flags | O_NOFOLLOW | O_CLOEXEC)
            if opened >= 0 { return opened }
            let code = errno
            if code == EINTR { continue }
            if code == ENOENT || (code == ENOTDIR && !FolderWalk.isLink(name, in: descriptor)) { return nil }
            throw FolderWalk.failure(action, full, in: descriptor, code)
        }
    }
}
