import CloudKitModel
import CloudKitProviderSupport
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Buckets: folders that appear and disappear by a single rename.
extension LocalObjectStore {
    /// Builds the bucket under a hidden temporary name and renames it into
    /// place, so a bucket exists whole or not at all, and of two concurrent
    /// creators exactly one wins.
    func createBucketNow(_ bucket: String) throws(CloudError) {
        try StorageNames.validateBucket(bucket)
        let target = layout(bucket)
        let staging = BucketLayout(root: root, bucket: ".staging-\(UUID().uuidString)")
        do throws(CloudError) {
            try FileSystem.makeDirectory(staging.folder)
            try FileSystem.makeDirectory(staging.objects)
            try FileSystem.makeDirectory(staging.temporary)
            try StagedFile.write(Data(), in: staging.temporary).move(to: staging.lockFile)
        } catch {
            try? FileSystem.removeTree(staging.folder)
            throw error
        }
        let code = try FileSystem.attemptRename(staging.folder, to: target.folder)
        if code != 0 {
            try? FileSystem.removeTree(staging.folder)
            if code == EEXIST || code == ENOTEMPTY || code == ENOTDIR {
                throw CloudError(.alreadyExists, "bucket '\(bucket)' already exists", code: "BucketAlreadyOwnedByYou", httpStatus: 409)
            }
            throw FileErrors.map("cannot create bucket", target.folder.path, code)
        }
        try FileSystem.syncDirectory(root.storage)
    }

    /// Deletes an empty bucket: under the bucket's lock held exclusively (no
    /// commit in progress), checks that no key exists and renames the folder
    /// out of the way, then removes what is left of it. Throws `FileLock`'s
    /// busy error, having changed nothing, while a commit holds the lock.
    func deleteBucketNow(_ bucket: String) throws(CloudError) {
        let layout = try requireBucket(bucket)
        try ingestUploads(layout)
        guard let lock = try FileLock.file(layout.lockFile, exclusive: true) else { throw noSuchBucket(bucket) }
        defer { lock.release() }
        var visitor = AnyKeyVisitor()
        try KeyTreeWalker(objectsFolder: layout.objects).walk(&visitor)
        if visitor.found {
            throw CloudError(.preconditionFailed, "bucket '\(bucket)' is not empty", code: "BucketNotEmpty", httpStatus: 409)
        }
        let doomed = root.storage.appending(".deleting-\(UUID().uuidString)")
        try FileSystem.rename(layout.folder, to: doomed)
        try FileSystem.syncDirectory(root.storage)
        lock.release()
        do {
            try FileSystem.removeTree(doomed)
        } catch {
            // The bucket is gone already; only a hidden leftover remains.
            logger.warning("local provider: bucket '\(bucket)' is deleted but \(doomed) could not be removed: \(error)")
        }
    }
}
