import Foundation

/// Deletes every key of a bucket under a prefix (`storage delete
/// --recursive`), and empties and deletes a bucket (`delete-bucket
/// --force`).
///
/// The C ABI has no batch delete (S3's `DeleteObjects`) and no listing of
/// multipart uploads, so keys are deleted one request each, `jobs` at a
/// time, while the listing pages on (each page is fetched as the deletions
/// of the one before are under way; listings continue after the last key
/// returned, so deleting what was listed does not disturb them). A key that
/// fails is reported and counted and the others are still deleted.
public struct BulkDelete: Sendable {
    public let storage: any ObjectStorage
    public let bucket: String
    /// Keys that start with this (empty: every key).
    public let prefix: String
    /// Which keys take part (matched against the key without the prefix, as in a sync).
    public let filter: GlobFilter
    public let jobs: Int

    public init(storage: any ObjectStorage, bucket: String, prefix: String = "", filter: GlobFilter = GlobFilter(), jobs: Int = 8) {
        self.storage = storage
        self.bucket = bucket
        self.prefix = prefix
        self.filter = filter
        self.jobs = jobs
    }

    /// Deletes (or, with `dryRun`, only reports) every key under the prefix.
    /// A listing that fails is thrown, after the deletions already started
    /// have finished.
    public func run(dryRun: Bool = false, events: @escaping @Sendable (SyncEvent) -> Void = { _ in }) async throws(CloudError) -> SyncSummary {
        let tally = SyncTally(events: events)
        let (storage, bucket, prefix, filter) = (storage, bucket, prefix, filter)
        try await BoundedConcurrency.forEach(storage.allObjects(bucket: bucket, prefix: prefix.isEmpty ? nil : prefix), limit: jobs) { object in
            guard filter.includes(String(object.key.utf8.dropFirst(prefix.utf8.count)) ?? object.key) else { return }
            await tally.attempt(SyncAction(.delete, object.key)) { () throws(CloudError) in
                if !dryRun { try await storage.deleteObject(bucket: bucket, key: object.key) }
            }
        }
        return tally.finish()
    }

    /// Deletes every key of the bucket, then the bucket. When a key could
    /// not be deleted the bucket is left and the summary says why.
    public func emptyAndDeleteBucket(events: @escaping @Sendable (SyncEvent) -> Void = { _ in }) async throws(CloudError) -> SyncSummary {
        let summary = try await BulkDelete(storage: storage, bucket: bucket, jobs: jobs).run(events: events)
        guard summary.failures.isEmpty else { return summary }
        try await storage.deleteBucket(bucket)
        return summary
    }
}
