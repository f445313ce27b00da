import CloudKitModel
import CloudKitProviderSupport
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Switches keys to new versions and removes them, safely against other
/// threads and processes using the same root.
///
/// Rules that make this safe without any in-memory lock:
/// - a commit holds the bucket's `lock` file shared, so `deleteBucket`
///   (which holds it exclusively) never removes a bucket mid-commit;
/// - changes to one folder's records happen under that folder's `flock`, so
///   each replacement sees — and removes — exactly the blob it displaced;
/// - a folder is only removed (when it became empty) under its own lock, and
///   a commit re-checks its folder after locking, starting over if it went.
///
/// No lock is ever waited for here: one held by someone else throws
/// `FileLock`'s busy error before anything changed, and the async caller
/// tries again after a short sleep (`LocalObjectStore.whenUnlocked`).
struct ObjectCommitter {
    let layout: BucketLayout
    let logger: ProviderLogger

    /// Attempts before giving up on a folder that keeps vanishing.
    static let maximumAttempts = 100

    /// Makes `record` (whose bytes are `blob`, already fsynced in the bucket's
    /// temporary folder) the current version of `path`, and removes the blob
    /// of the version it replaced. `condition` is checked against that
    /// version under the folder's lock; when it fails nothing changes.
    /// Throws `FileLock`'s busy error, having changed nothing, when a lock
    /// is held by someone else (the caller tries again).
    func commit(_ record: ObjectRecord, blob: StagedFile, path: ObjectKeyPath, condition: ObjectWriteCondition? = nil) throws(CloudError) {
        guard let bucketLock = try FileLock.file(layout.lockFile, exclusive: false) else { throw noSuchBucket() }
        defer { bucketLock.release() }
        let stagedRecord = try StagedFile.write(record.encoded(), in: layout.temporary)
        for _ in 0..<Self.maximumAttempts {
            guard let folder = try ensureFolders(path), let lock = try FileLock.folder(folder) else { continue }
            defer { lock.release() }
            let recordPath = folder.appending(path.recordName)
            let previous = try ObjectRecord.read(recordPath)
            if let previous, previous.key != record.key {
                throw CloudError(
                    .internal,
                    "keys '\(previous.key)' and '\(record.key)' map to the same file \(recordPath); "
                        + "the local root must be on a case-sensitive file system that keeps names as given",
                    code: "IOError")
            }
            try ObjectConditions.check(condition, current: previous, key: record.key)
            let blobPath = folder.appending(try record.blobName(for: path))
            do throws(CloudError) {
                try blob.move(to: blobPath)
            } catch where error.kind == .notFound {
                continue  // The folder went away after all; start over.
            }
            do throws(CloudError) {
                try stagedRecord.move(to: recordPath)
            } catch {
                try? FileSystem.removeFile(blobPath)
                throw error
            }
            if let previous, previous.blob != record.blob {
                removeReplacedBlob(of: previous, in: folder, path: path)
            }
            try lock.syncFolder()
            return
        }
        throw contention(path)
    }

    /// Removes `path`'s current version, if any; true when its folders may
    /// have become empty (then call `removeEmptyFolders`). Removing a missing
    /// key is not an error (as on S3); a record that names a blob not its own
    /// is `CorruptRecord`, and nothing is removed. Throws `FileLock`'s busy
    /// error, having changed nothing, when the folder is locked.
    func delete(_ path: ObjectKeyPath) throws(CloudError) -> Bool {
        let folder = layout.folder(for: path)
        for _ in 0..<Self.maximumAttempts {
            guard let lock = try FileLock.folder(folder) else {
                if try FileSystem.isDirectory(folder) { continue }  // replaced meanwhile
                return false
            }
            defer { lock.release() }
            let recordPath = folder.appending(path.recordName)
            guard let record = try ObjectRecord.read(recordPath), record.key == path.key else { return false }
            let blobPath = folder.appending(try record.blobName(for: path))
            // Removing the record is the commit; the blob goes after.
            try FileSystem.removeFile(recordPath)
            removeBlob(blobPath)
            try lock.syncFolder()
            return !path.folders.isEmpty
        }
        throw contention(path)
    }

    /// Removes the folders of `path` from the deepest up while they are
    /// empty, each under its own lock (folders already gone are passed
    /// over, so it can run again after a busy lock).
    func removeEmptyFolders(of path: ObjectKeyPath) throws(CloudError) {
        var folders = path.folderNames
        while !folders.isEmpty {
            let folder = layout.objects.appending(folders)
            folders.removeLast()
            guard let lock = try FileLock.folder(folder) else { continue }
            defer { lock.release() }
            let code = try FileSystem.attemptRemoveFolder(folder)
            guard code == 0 else {
                if code == ENOTEMPTY || code == EEXIST || code == ENOENT { return }
                throw FileErrors.map("cannot remove empty folder", folder.path, code)
            }
        }
    }

    /// Creates the folders of `path`; nil when a parent vanished meanwhile
    /// (the caller starts over), `NoSuchBucket` when the bucket is gone.
    private func ensureFolders(_ path: ObjectKeyPath) throws(CloudError) -> RootedPath? {
        var current = layout.objects
        for name in path.folderNames {
            current = current.appending(name)
            do throws(CloudError) {
                try FileSystem.makeDirectory(current)
            } catch where error.kind == .notFound {
                if try !FileSystem.isDirectory(layout.objects) { throw noSuchBucket() }
                return nil
            }
        }
        return current
    }

    /// Removes the blob a replaced version named, when it is one of this
    /// object's (a damaged record's is left alone, with a warning).
    private func removeReplacedBlob(of previous: ObjectRecord, in folder: RootedPath, path: ObjectKeyPath) {
        do {
            removeBlob(folder.appending(try previous.blobName(for: path)))
        } catch {
            logger.warning("local provider: replaced a damaged record, leaving its blob alone: \(error)")
        }
    }

    /// A replaced or deleted version's blob is garbage once the record no
    /// longer names it; failing to remove it does not undo the commit, so the
    /// failure is logged rather than thrown.
    private func removeBlob(_ path: RootedPath) {
        do {
            try FileSystem.removeFile(path)
        } catch {
            logger.warning("local provider: cannot remove replaced blob: \(error)")
        }
    }

    private func noSuchBucket() -> CloudError {
        CloudError(.notFound, "bucket '\(layout.name)' does not exist", code: "NoSuchBucket", httpStatus: 404)
    }

    private func contention(_ path: ObjectKeyPath) -> CloudError {
        CloudError(
            .internal, "the folders of '\(path.key)' in bucket '\(layout.name)' kept changing; gave up after \(Self.maximumAttempts) attempts",
            code: "IOError", retryable: true)
    }
}
