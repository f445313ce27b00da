import CloudKitModel
import CloudKitProviderSupport
#if canImport(Glibc)
import Glibc
#endif

/// An advisory `flock(2)` lock on a file or folder inside the local root,
/// held until `release` or deinit. `flock` locks belong to the open file
/// description, so they exclude other threads of this process as well as
/// other processes on the same root — unlike an in-memory lock, which would
/// only cover this process — and the kernel drops them when the holder dies.
///
/// Taking a lock never waits: a lock held by someone else throws `busy`
/// (`throttled`, code `LockBusy`) at once, and the async caller tries again
/// after a short sleep (`BusyRetry`), so waiting for a lock holds no thread.
final class FileLock {
    let path: RootedPath
    private var descriptor: Int32

    /// The code of the error that says a lock is held by someone else.
    static let busyCode = "LockBusy"

    private init(path: RootedPath, descriptor: Int32) {
        self.path = path
        self.descriptor = descriptor
    }

    deinit { release() }

    /// True for the error a lock held by someone else throws.
    static func isBusy(_ error: CloudError) -> Bool { error.code == busyCode }

    /// Locks the folder at `path`, exclusively. Returns nil when the folder
    /// does not exist, or was removed or replaced meanwhile (the caller
    /// starts over); throws `busy` when another holds it.
    static func folder(_ path: RootedPath) throws(CloudError) -> FileLock? {
        let descriptor: Int32
        do {
            descriptor = try FolderWalk.openFolder(path, "cannot open folder")
        } catch where error.kind == .notFound {
            return nil
        }
        let lock = FileLock(path: path, descriptor: descriptor)
        try lock.acquire(exclusive: true)
        return try lock.isCurrent() ? lock : nil
    }

    /// Locks the file at `path` (creating it when missing and its folder
    /// exists). Returns nil when the folder does not exist, or the file was
    /// replaced or removed meanwhile; throws `busy` when another holds it.
    static func file(_ path: RootedPath, exclusive: Bool) throws(CloudError) -> FileLock? {
        let descriptor: Int32
        do {
            descriptor = try FolderWalk.openFile(path, "cannot open lock file", flags: O_RDONLY | O_CREAT, mode: 0o644)
        } catch where error.kind == .notFound {
            return nil
        }
        let lock = FileLock(path: path, descriptor: descriptor)
        try lock.acquire(exclusive: exclusive)
        return try lock.isCurrent() ? lock : nil
    }

    private func acquire(exclusive: Bool) throws(CloudError) {
        while flock(descriptor, (exclusive ? LOCK_EX : LOCK_SH) | LOCK_NB) != 0 {
            if errno == EWOULDBLOCK {
                throw CloudError(.throttled, "\(path) is locked by another operation", code: Self.busyCode, retryable: true)
            }
            if errno != EINTR { throw FileErrors.map("cannot lock", path.path) }
        }
    }

    /// True while `path` still names the locked file (not removed or replaced).
    private func isCurrent() throws(CloudError) -> Bool {
        var held = stat()
        guard fstat(descriptor, &held) == 0, let now = try FileSystem.status(path) else { return false }
        return held.st_ino == now.st_ino && held.st_dev == now.st_dev
    }

    /// Syncs the locked folder's entries to disk.
    func syncFolder() throws(CloudError) {
        if fsync(descriptor) != 0 && errno != EINVAL && errno != EROFS { throw FileErrors.map("cannot sync folder", path.path) }
    }

    /// Releases the lock (closing the descriptor releases it).
    func release() {
        if descriptor >= 0 { close(descriptor) }
        descriptor = -1
    }
}
