import CloudKitModel
import CloudKitProviderSupport
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Thin POSIX file operations with `errno` mapped to `CloudError` (by the
/// provider kit's `FileErrors`, the one mapping), so that
/// every durability step (fsync of files and folders, rename) is explicit and
/// every failure names the path it concerns.
enum FileSystem {
    /// The status of `path` (following links), or nil when it does not exist.
    static func status(_ path: String) -> stat? {
        var info = stat()
        return stat(path, &info) == 0 ? info : nil
    }

    static func isDirectory(_ path: String) -> Bool {
        guard let info = status(path) else { return false }
        return (info.st_mode & S_IFMT) == S_IFDIR
    }

    static func exists(_ path: String) -> Bool { access(path, F_OK) == 0 }

    /// Creates one folder. Returns false when something already exists there.
    @discardableResult
    static func makeDirectory(_ path: String) throws(CloudError) -> Bool {
        if mkdir(path, 0o755) == 0 { return true }
        if errno == EEXIST { return false }
        throw FileErrors.map("cannot create folder", path)
    }

    /// Creates `path` and any missing parents (existing folders are fine).
    static func makeDirectories(_ path: String) throws(CloudError) {
        if isDirectory(path) { return }
        let parent = (path as NSString).deletingLastPathComponent
        if !parent.isEmpty && parent != path { try makeDirectories(parent) }
        if try !makeDirectory(path), !isDirectory(path) {
            throw FileErrors.map("cannot create folder", path, ENOTDIR)
        }
    }

    /// Flushes a folder's entries (after a rename or unlink in it) to disk.
    static func syncDirectory(_ path: String) throws(CloudError) {
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw FileErrors.map("cannot open folder", path) }
        defer { close(descriptor) }
        // Some file systems cannot sync a folder; that is not a failure of ours.
        if fsync(descriptor) != 0 && errno != EINVAL && errno != EROFS {
            throw FileErrors.map("cannot sync folder", path)
        }
    }

    /// Atomically replaces `destination` with `source` (same file system).
    static func rename(_ source: String, to destination: String) throws(CloudError) {
        guard Glibc.rename(source, destination) == 0 else { throw FileErrors.map("cannot rename \(source) to", destination) }
    }

    /// Removes a file; a file that is already gone is fine.
    static func removeFile(_ path: String) throws(CloudError) {
        guard unlink(path) == 0 || errno == ENOENT else { throw FileErrors.map("cannot remove", path) }
    }

    /// Removes a folder and everything in it; a folder that is already gone is fine.
    static func removeTree(_ path: String) throws(CloudError) {
        guard let info = lstatus(path) else { return }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            for entry in try entries(path) { try removeTree("\(path)/\(entry)") }
            guard rmdir(path) == 0 || errno == ENOENT else { throw FileErrors.map("cannot remove folder", path) }
        } else {
            try removeFile(path)
        }
    }

    private static func lstatus(_ path: String) -> stat? {
        var info = stat()
        return lstat(path, &info) == 0 ? info : nil
    }

    /// Every entry name in a folder except `.` and `..`; empty when the folder
    /// does not exist (it may have been removed concurrently).
    static func entries(_ path: String) throws(CloudError) -> [String] {
        guard let directory = opendir(path) else {
            if errno == ENOENT || errno == ENOTDIR { return [] }
            throw FileErrors.map("cannot list folder", path)
        }
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

    /// The whole content of a small file (at most `limit` bytes), or nil when it does not exist.
    static func readSmallFile(_ path: String, limit: Int) throws(CloudError) -> Data? {
        let file: ReadableFile
        do {
            file = try ReadableFile(path: path)
        } catch where error.kind == .notFound {
            return nil
        }
        var data = Data()
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 16 * 1024, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let count = try file.read(into: buffer, at: Int64(data.count))
            if count == 0 { return data }
            data.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
            guard data.count <= limit else { throw CloudError(.internal, "\(path) is larger than \(limit) bytes", code: "IOError") }
        }
    }
}
