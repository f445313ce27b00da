import CloudKitModel
import CloudKitProviderSupport
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Removes the files that crashed writers left in a bucket's temporary
/// folder (`tmp/`), run before each put and copy into the bucket.
///
/// Every file there is a `StagedFile`: its writer holds an exclusive `flock`
/// on it until it is renamed into place or removed, and the kernel drops that
/// lock when the writer dies, however it dies. So a file is abandoned when
/// nobody holds it locked and it has not changed (its `ctime`, which a write,
/// rename or new link updates) for `age` — one hour by default
/// (`LocalObjectStore.defaultAbandonedAge`), far longer
/// than any pause of a live writer; a writer that somehow runs unlocked is
/// then still safe for that hour. The check and the removal happen under the
/// lock, so a file is never removed while someone holds it.
struct TemporaryReclaimer {
    let folder: RootedPath
    let age: TimeInterval
    let logger: ProviderLogger

    /// Removes the abandoned files and returns their names. Tidying never
    /// fails the operation that triggered it: problems are logged.
    @discardableResult
    func reclaim(now: Date = Date()) -> [String] {
        let descriptor: Int32
        do {
            descriptor = try FolderWalk.openFolder(folder, "cannot open folder")
        } catch {
            if error.kind != .notFound { logger.warning("local provider: cannot look for abandoned temporary files: \(error)") }
            return []
        }
        defer { close(descriptor) }
        let names: [String]
        do {
            names = try FileSystem.entries(folder)
        } catch {
            logger.warning("local provider: cannot look for abandoned temporary files: \(error)")
            return []
        }
        let cutoff = now.timeIntervalSince1970 - age
        return names.filter { name in isAbandoned(name, in: descriptor, changedBefore: cutoff) && remove(name, in: descriptor) }
    }

    /// True for a regular file last changed before `cutoff` (seconds since 1970).
    private func isAbandoned(_ name: String, in folder: Int32, changedBefore cutoff: TimeInterval) -> Bool {
        var info = stat()
        guard fstatat(folder, name, &info, AT_SYMLINK_NOFOLLOW) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return false }
        return TimeInterval(info.st_ctim.tv_sec) + TimeInterval(info.st_ctim.tv_nsec) / 1e9 < cutoff
    }

    /// Removes `name` when nobody holds it locked; true when removed.
    private func remove(_ name: String, in folder: Int32) -> Bool {
        let file = openat(folder, name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK)
        guard file >= 0 else { return false }
        defer { close(file) }
        guard flock(file, LOCK_EX | LOCK_NB) == 0 else { return false }  // A live writer holds it.
        // Still the same file under that name (nobody renamed another over it)?
        var held = stat()
        var named = stat()
        guard fstat(file, &held) == 0, fstatat(folder, name, &named, AT_SYMLINK_NOFOLLOW) == 0,
            held.st_ino == named.st_ino, held.st_dev == named.st_dev
        else { return false }
        guard unlinkat(folder, name, 0) == 0 else {
            logger.warning("local provider: cannot remove abandoned temporary file \(self.folder)/\(name): \(String(cString: strerror(errno)))")
            return false
        }
        logger.info("local provider: removed \(self.folder)/\(name), left by a writer that did not finish")
        return true
    }
}
