import CloudKitModel
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Thin POSIX file operations with errors mapped to `CloudError`, so that
/// durability steps (fsync of files and folders, rename) are explicit.
enum FileSystem {
    /// A `CloudError` for the current `errno` while doing `action` on `path`.
    static func error(_ action: String, _ path: String, _ code: Int32 = errno) -> CloudError {
        let reason = String(cString: strerror(code))
        switch code {
        case EACCES, EPERM, EROFS: return CloudError(.permissionDenied, "\(action) \(path): \(reason)", code: "AccessDenied")
        case ENOENT, ENOTDIR: return CloudError(.notFound, "\(action) \(path): \(reason)", code: "NotFound")
        case ENOSPC, EDQUOT: return CloudError(.internal, "\(action) \(path): \(reason)", code: "NoSpace")
        case ENAMETOOLONG: return CloudError(.invalidArgument, "\(action) \(path): \(reason)", code: "KeyTooLongError")
        default: return CloudError(.internal, "\(action) \(path): \(reason)", code: "IOError")
        }
    }

    static func exists(_ path: String) -> Bool { access(path, F_OK) == 0 }

    static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// Creates `path` and its parents (existing folders are fine).
    static func makeDirectories(_ path: String) throws(CloudError) {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw CloudError(.internal, "cannot create folder \(path): \(error.localizedDescription)", code: "IOError")
        }
    }

    /// Flushes a folder's entries (after a rename into it) to disk.
    static func syncDirectory(_ path: String) {
        let descriptor = open(path, O_RDONLY | O_DIRECTORY)
        guard descriptor >= 0 else { return }
        fsync(descriptor)
        close(descriptor)
    }

    /// Atomically replaces `destination` with `source` (same file system) and syncs its folder.
    static func rename(_ source: String, to destination: String) throws(CloudError) {
        guard Glibc.rename(source, destination) == 0 else { throw error("cannot rename into", destination) }
        syncDirectory((destination as NSString).deletingLastPathComponent)
    }

    static func remove(_ path: String) {
        unlink(path)
    }

    /// Writes `data` durably to `path` via a temporary file in `temporaryFolder` and a rename.
    static func writeAtomically(_ data: Data, to path: String, temporaryFolder: String) throws(CloudError) {
        let temporary = "\(temporaryFolder)/\(UUID().uuidString).tmp"
        let file = try WritableFile(creating: temporary)
        do throws(CloudError) {
            try data.withBytes { bytes throws(CloudError) in try file.write(bytes) }
            try file.syncAndClose()
            try rename(temporary, to: path)
        } catch {
            file.abandon()
            remove(temporary)
            throw error
        }
    }

    /// Every entry name in a folder (empty when it does not exist).
    static func entries(_ path: String) -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
    }
}

/// A file being written: create exclusively, write, fsync, close.
final class WritableFile {
    let path: String
    private var descriptor: Int32

    init(creating path: String) throws(CloudError) {
        self.path = path
        descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw FileSystem.error("cannot create", path) }
    }

    deinit { abandon() }

    func write(_ bytes: UnsafeRawBufferPointer) throws(CloudError) {
        var offset = 0
        while offset < bytes.count {
            guard let base = bytes.baseAddress else { return }
            let written = Glibc.write(descriptor, base + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw FileSystem.error("cannot write", path)
            }
            offset += written
        }
    }

    func syncAndClose() throws(CloudError) {
        guard fsync(descriptor) == 0 else { throw FileSystem.error("cannot sync", path) }
        let result = close(descriptor)
        descriptor = -1
        guard result == 0 else { throw FileSystem.error("cannot close", path) }
    }

    /// Closes without syncing (the caller removes the file).
    func abandon() {
        if descriptor >= 0 { close(descriptor) }
        descriptor = -1
    }
}

/// A file being read in chunks.
final class ReadableFile {
    let path: String
    private let descriptor: Int32

    init(path: String) throws(CloudError) {
        self.path = path
        descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw FileSystem.error("cannot open", path) }
    }

    deinit { close(descriptor) }

    /// Reads up to `buffer.count` bytes at `offset`; 0 at the end.
    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int64) throws(CloudError) -> Int {
        guard let base = buffer.baseAddress else { return 0 }
        while true {
            let count = pread(descriptor, base, buffer.count, off_t(offset))
            if count < 0 {
                if errno == EINTR { continue }
                throw FileSystem.error("cannot read", path)
            }
            return count
        }
    }
}
