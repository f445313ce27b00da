import CloudKitModel
import CloudKitProviderSupport
#if canImport(Glibc)
import Glibc
#endif

/// An advisory `flock(2)` lock on a file or folder, held until `release` or
/// deinit. `flock` locks belong to the open file description, so they exclude
/// other threads of this process as well as other processes on the same
/// root — unlike an in-memory lock, which would only cover this process.
final class FileLock {
    let path: String
    private var descriptor: Int32

    private init(path: String, descriptor: Int32) {
        self.path = path
        self.descriptor = descriptor
    }

    deinit { release() }

    /// Locks the folder at `path`, exclusively. Returns nil when the folder
    /// does not exist, or was removed or replaced while waiting for the lock
    /// (the caller starts over).
    static func folder(_ path: String) throws(CloudError) -> FileLock? {
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else {
            if errno == ENOENT || errno == ENOTDIR { return nil }
            throw FileErrors.map("cannot open folder", path)
        }
        let lock = FileLock(path: path, descriptor: descriptor)
        try lock.acquire(exclusive: true)
        return lock.isCurrent() ? lock : nil
    }

    /// Locks the file at `path` (creating it when missing and its folder
    /// exists). Returns nil when the folder does not exist, or the file was
    /// replaced or removed while waiting.
    static func file(_ path: String, exclusive: Bool) throws(CloudError) -> FileLock? {
        let descriptor = open(path, O_RDONLY | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            if errno == ENOENT || errno == ENOTDIR { return nil }
            throw FileErrors.map("cannot open lock file", path)
        }
        let lock = FileLock(path: path, descriptor: descriptor)
        try lock.acquire(exclusive: exclusive)
        return lock.isCurrent() ? lock : nil
    }

    private func acquire(exclusive: Bool) throws(CloudError) {
        while flock(descriptor, exclusive ? LOCK_EX : LOCK_SH) != 0 {
            if errno != EINTR { throw FileErrors.map("cannot lock", path) }
        }
    }

    /// True while `path` still names the locked file (not removed or replaced).
    private func isCurrent() -> Bool {
        var held = stat()
        guard fstat(descriptor, &held) == 0, let now = FileSystem.status(path) else { return false }
        return held.st_ino == now.st_ino && held.st_dev == now.st_dev
    }

    /// Syncs the locked folder's entries to disk.
    func syncFolder() throws(CloudError) {
        if fsync(descriptor) != 0 && errno != EINVAL && errno != EROFS { throw FileErrors.map("cannot sync folder", path) }
    }

    /// Releases the lock (closing the descriptor releases it).
    func release() {
        if descriptor >= 0 { close(descriptor) }
        descriptor = -1
    }
}
