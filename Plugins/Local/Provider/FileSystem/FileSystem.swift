import CloudKitModel
import CloudKitProviderSupport
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Thin POSIX file operations with `errno` mapped to `CloudError` (by the
/// provider kit's `FileErrors`, the one mapping), so that every durability
/// step (fsync of files and folders, rename) is explicit and every failure
/// names the path it concerns.
///
/// Inside a local root everything goes through a `RootedPath` and never
/// follows a link (see `FolderWalk`); plain string paths are for the root
/// itself and for the functions folder, whose executables may be links.
enum FileSystem {
    // MARK: Plain paths (the root, functions)

    /// The status of `path` (following links), or nil when it does not exist.
    static func status(_ path: String) -> stat? {
        var info = stat()
        return stat(path, &info) == 0 ? info : nil
    }

    /// Creates `path` and any missing parents (existing folders are fine).
    static func makeDirectories(_ path: String) throws(CloudError) {
        if let info = status(path), (info.st_mode & S_IFMT) == S_IFDIR { return }
        let parent = (path as NSString).deletingLastPathComponent
        if !parent.isEmpty && parent != path { try makeDirectories(parent) }
        guard mkdir(path, 0o755) == 0 || errno == EEXIST else { throw FileErrors.map("cannot create folder", path) }
        guard let info = status(path), (info.st_mode & S_IFMT) == S_IFDIR else { throw FileErrors.map("cannot create folder", path, ENOTDIR) }
    }

    /// Every entry name in a folder except `.` and `..`; empty when the folder
    /// does not exist (it may have been removed concurrently).
    static func entries(_ path: String) throws(CloudError) -> [String] {
        guard let directory = opendir(path) else {
            if errno == ENOENT || errno == ENOTDIR { return [] }
            throw FileErrors.map("cannot list folder", path)
        }
        return try names(in: directory, path)
    }

    // MARK: Inside a root

    /// The status of `path` itself, or nil when it (or a folder on the way)
    /// does not exist. A link there is `permissionDenied`.
    static func status(_ path: RootedPath) throws(CloudError) -> stat? {
        do {
            return try FolderWalk.inParent(path, "cannot inspect") { folder, name throws(CloudError) -> stat? in
                var info = stat()
                guard fstatat(folder, name, &info, AT_SYMLINK_NOFOLLOW) == 0 else {
                    if errno == ENOENT { return nil }
                    throw FileErrors.map("cannot inspect", path.path)
                }
                if (info.st_mode & S_IFMT) == S_IFLNK { throw FolderWalk.linkRefused("cannot use", path) }
                return info
            }
        } catch where error.kind == .notFound {
            return nil
        }
    }

    /// True when `path` is a folder; false when it is missing or something else.
    static func isDirectory(_ path: RootedPath) throws(CloudError) -> Bool {
        guard let info = try status(path) else { return false }
        return (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// Creates one folder. Returns false when something already exists there.
    @discardableResult
    static func makeDirectory(_ path: RootedPath) throws(CloudError) -> Bool {
        try FolderWalk.inParent(path, "cannot create folder") { folder, name throws(CloudError) in
            if mkdirat(folder, name, 0o755) == 0 { return true }
            if errno == EEXIST { return false }
            throw FileErrors.map("cannot create folder", path.path)
        }
    }

    /// Flushes a folder's entries (after a rename or unlink in it) to disk.
    static func syncDirectory(_ path: RootedPath) throws(CloudError) {
        let descriptor = try FolderWalk.openFolder(path, "cannot open folder")
        defer { close(descriptor) }
        // Some file systems cannot sync a folder; that is not a failure of ours.
        if fsync(descriptor) != 0 && errno != EINVAL && errno != EROFS {
            throw FileErrors.map("cannot sync folder", path.path)
        }
    }

    /// Atomically replaces `destination` with `source` (same root).
    static func rename(_ source: RootedPath, to destination: RootedPath) throws(CloudError) {
        let code = try attemptRename(source, to: destination)
        guard code == 0 else { throw FileErrors.map("cannot rename \(source) to", destination.path, code) }
    }

    /// Renames `source` to `destination`; 0 when done, else the error number
    /// of `rename(2)` (`ENOENT` also when a folder on the way is missing).
    /// Links on the way are still refused by throwing.
    static func attemptRename(_ source: RootedPath, to destination: RootedPath) throws(CloudError) -> Int32 {
        do {
            return try FolderWalk.inParent(source, "cannot rename") { from, oldName throws(CloudError) in
                try FolderWalk.inParent(destination, "cannot rename to") { to, newName throws(CloudError) in
                    renameat(from, oldName, to, newName) == 0 ? 0 : errno
                }
            }
        } catch where error.kind == .notFound {
            return ENOENT
        }
    }

    /// Makes `destination` a second name of the file `source` (a link
    /// itself is linked, never followed); 0 when done, else the error number
    /// of `link(2)` (`ENOENT` also when a folder on the way is missing).
    static func attemptLink(_ source: RootedPath, to destination: RootedPath) throws(CloudError) -> Int32 {
        do {
            return try FolderWalk.inParent(source, "cannot link") { from, oldName throws(CloudError) in
                try FolderWalk.inParent(destination, "cannot link to") { to, newName throws(CloudError) in
                    linkat(from, oldName, to, newName, 0) == 0 ? 0 : errno
                }
            }
        } catch where error.kind == .notFound {
            return ENOENT
        }
    }

    /// Removes a file (or a link, never what it points to); a file that is
    /// already gone is fine.
    static func removeFile(_ path: RootedPath) throws(CloudError) {
        do {
            try FolderWalk.inParent(path, "cannot remove") { folder, name throws(CloudError) in
                guard unlinkat(folder, name, 0) == 0 || errno == ENOENT else { throw FileErrors.map("cannot remove", path.path) }
            }
        } catch where error.kind == .notFound {
            return
        }
    }

    /// Removes an empty folder; 0 when done, else the error number of `rmdir(2)`.
    static func attemptRemoveFolder(_ path: RootedPath) throws(CloudError) -> Int32 {
        do {
            return try FolderWalk.inParent(path, "cannot remove folder") { folder, name throws(CloudError) in
                unlinkat(folder, name, AT_REMOVEDIR) == 0 ? 0 : errno
            }
        } catch where error.kind == .notFound {
            return ENOENT
        }
    }

    /// Removes a folder and everything in it (links inside are removed, not
    /// followed); a folder that is already gone is fine.
    static func removeTree(_ path: RootedPath) throws(CloudError) {
        let isFolder: Bool?
        do {
            isFolder = try FolderWalk.inParent(path, "cannot remove") { folder, name throws(CloudError) -> Bool? in
                var info = stat()
                return fstatat(folder, name, &info, AT_SYMLINK_NOFOLLOW) == 0 ? (info.st_mode & S_IFMT) == S_IFDIR : nil
            }
        } catch where error.kind == .notFound {
            return
        }
        guard let isFolder else { return }
        guard isFolder else { return try removeFile(path) }
        for entry in try entries(path) { try removeTree(path.appending(entry)) }
        let code = try attemptRemoveFolder(path)
        guard code == 0 || code == ENOENT else { throw FileErrors.map("cannot remove folder", path.path, code) }
    }

    /// Every entry name in a folder except `.` and `..`; empty when the folder
    /// does not exist (it may have been removed concurrently).
    static func entries(_ path: RootedPath) throws(CloudError) -> [String] {
        try OpenFolder(path)?.names() ?? []
    }

    /// The whole content of a small file (at most `limit` bytes), or nil when it does not exist.
    static func readSmallFile(_ path: RootedPath, limit: Int) throws(CloudError) -> Data? {
        let file: ReadableFile
        do {
            file = try ReadableFile(at: path)
        } catch where error.kind == .notFound {
            return nil
        }
        return try readWhole(file, limit: limit)
    }

    /// The whole content of the open `file`, at most `limit` bytes (more is `internal`).
    static func readWhole(_ file: ReadableFile, limit: Int) throws(CloudError) -> Data {
        // Sized by the file's current size plus one byte, which shows at
        // once whether it grew meanwhile; read on to the end all the same.
        var data = Data(count: Int(min(max(try file.size(), 0), Int64(limit))) + 1)
        var read = 0
        while true {
            if read == data.count { data.count = min(data.count * 2, limit + 1) }
            var failure: CloudError?
            let count = data.withUnsafeMutableBytes { (buffer: UnsafeMutableRawBufferPointer) -> Int in
                do throws(CloudError) {
                    return try file.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[read...]), at: Int64(read))
                } catch {
                    failure = error
                    return 0
                }
            }
            if let failure { throw failure }
            if count == 0 {
                data.count = read
                return data
            }
            read += count
            guard read <= limit else { throw CloudError(.internal, "\(file.path) is larger than \(limit) bytes", code: "IOError") }
        }
    }

    /// The entry names (not `.` and `..`) of the folder open as `descriptor`,
    /// read from a copy of it, so the caller's descriptor stays open; `path` names it in errors.
    static func entries(ofOpenFolder descriptor: Int32, _ path: String) throws(CloudError) -> [String] {
        let copy = fcntl(descriptor, F_DUPFD_CLOEXEC, 0)
        guard copy >= 0 else { throw FileErrors.map("cannot list folder", path) }
        // The copy shares the read position: start from the top whatever was read before.
        lseek(copy, 0, SEEK_SET)
        guard let directory = fdopendir(copy) else {
            let code = errno
            close(copy)
            throw FileErrors.map("cannot list folder", path, code)
        }
        return try names(in: directory, path)
    }

    private static func names(in directory: OpaquePointer, _ path: String) throws(CloudError) -> [String] {
        defer { closedir(directory) }
        var names: [String] = []
        while true {
            errno = 0
            guard let entry = readdir(directory) else {
                if errno != 0 { throw FileErrors.map("cannot list folder", path) }
                return names
            }
            let name = withUnsafePointer(to: &entry.pointee.d_name) { pointer in
                String(cString: UnsafeRawPointer(pointer).assumingMemoryBound(to: CChar.self))
            }
            if name != "." && name != ".." { names.append(name) }
        }
    }
}
