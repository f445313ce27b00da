import CloudKitModel
import CloudKitProviderSupport
import Foundation

/// Object storage on the local disk with S3's semantics: names, error kinds
/// and codes (`NoSuchBucket`, `NoSuchKey`, `BucketAlreadyOwnedByYou`,
/// `BucketNotEmpty`, `InvalidRange`, …), ETags (quoted hex MD5), default
/// content type, listing order, delimiters and paging.
///
/// Layout: `<root>/storage/<bucket>/` (see `BucketLayout`), each key a JSON
/// record plus an immutable blob file (see `ObjectKeyPath`). A put writes
/// the blob to a temporary file, fsyncs it, renames it into place and then
/// atomically replaces the record: readers see the old object or the new
/// one, never a mix, and a crash leaves at worst an unreferenced blob.
///
/// Thread-safe, and safe for several processes sharing one root: all
/// coordination is atomic renames and `flock` on files (see
/// `ObjectCommitter`). Each operation runs its blocking file work on a
/// `BlockingIO` thread — on the `.transfers` pool when it calls the host's
/// body reader or writer, which is also called on it — and never waits
/// there: a lock held by another operation is waited for with async sleeps
/// between attempts (`BusyRetry`, up to `lockWaitLimit`). Cancelling the
/// calling task stops a transfer at the next chunk with `cancelled`.
///
/// Nothing in the root is trusted further than its shape: every file is
/// opened relative to the root without following links (`RootedPath`), and
/// a record may only name a blob of its own (`ObjectRecord.blobName`).
public final class LocalObjectStore: ObjectStorage {
    /// The root this store keeps its buckets under (`root.storageFolder`).
    public let root: LocalRoot
    let logger: ProviderLogger
    /// How long an unlocked temporary file stays before it counts as abandoned (see `TemporaryReclaimer`).
    let abandonedAge: TimeInterval

    /// How long an unlocked temporary file stays, by default, before it
    /// counts as abandoned by a writer that died: one hour.
    public static let defaultAbandonedAge: TimeInterval = 3600

    /// How long an operation waits for locks held by others before it fails with `throttled`.
    static let lockWaitLimit: Duration = .seconds(60)

    /// A store on `root`, creating `<root>/storage` when missing. `logger`
    /// receives warnings about leftovers it could not tidy. Temporary files
    /// left by writers that died are removed after `abandonedAge` seconds
    /// (injectable for tests).
    public init(root: LocalRoot, logger: ProviderLogger = .silent, abandonedAge: TimeInterval = defaultAbandonedAge) throws(CloudError) {
        self.root = root
        self.logger = logger
        self.abandonedAge = abandonedAge
        do {
            try FileSystem.makeDirectories(root.storageFolder)
        } catch where error.kind == .notFound {
            // A file where a folder should be: the root option is wrong.
            throw CloudError(.invalidArgument, "the local root \(root.path) cannot be used: \(error.message)", code: "InvalidArgument")
        }
    }

    // MARK: ObjectStorage

    /// Creates an empty bucket; `alreadyExists` (`BucketAlreadyOwnedByYou`) when it exists.
    public func createBucket(_ bucket: String) async throws(CloudError) {
        try await BlockingIO.run { _ throws(CloudError) in try self.createBucketNow(bucket) }
    }

    /// Deletes an empty bucket; `preconditionFailed` (`BucketNotEmpty`) when it holds objects.
    public func deleteBucket(_ bucket: String) async throws(CloudError) {
        try await whenUnlocked("bucket '\(bucket)'") { () async throws(CloudError) in
            try await BlockingIO.run { _ throws(CloudError) in try self.deleteBucketNow(bucket) }
        }
    }

    /// Stores an object whole, replacing any previous version atomically:
    /// the bytes are staged first, then committed under the locks — on the
    /// same thread, at once, unless a lock is held; then the commit is tried
    /// again after short sleeps, holding no thread meanwhile.
    public func putObject(_ request: PutObjectRequest) async throws(CloudError) -> ObjectInfo {
        let lane: BlockingIO.Lane = if case .stream = request.body { .transfers } else { .files }
        let put = try await BlockingIO.run(lane) { cancellation throws(CloudError) in try self.stageAndCommitNow(request, cancellation: cancellation) }
        switch put {
        case .committed(let record):
            return record.info(bucket: request.bucket)
        case .waitingForLocks(let staged):
            do throws(CloudError) {
                try await whenUnlocked("'\(request.key)' in bucket '\(request.bucket)'") { () async throws(CloudError) in
                    try await BlockingIO.run { _ throws(CloudError) in try self.commitNow(staged) }
                }
            } catch {
                // Gone before the error is seen, not whenever the last reference goes.
                staged.blob.discard()
                throw error
            }
            return staged.record.info(bucket: request.bucket)
        }
    }

    /// Reads an object or a byte range of it into the request's sink.
    public func getObject(_ request: GetObjectRequest) async throws(CloudError) -> GetObjectResult {
        let lane: BlockingIO.Lane = if case .stream = request.sink { .transfers } else { .files }
        return try await BlockingIO.run(lane) { cancellation throws(CloudError) in try self.getNow(request, cancellation: cancellation) }
    }

    /// Describes an object without reading its bytes.
    public func headObject(bucket: String, key: String) async throws(CloudError) -> ObjectInfo {
        try await BlockingIO.run { _ throws(CloudError) in try self.headNow(bucket: bucket, key: key) }
    }

    /// Deletes an object; deleting a missing key succeeds, as on S3. Folders
    /// left empty are removed after.
    public func deleteObject(bucket: String, key: String) async throws(CloudError) {
        let what = "'\(key)' in bucket '\(bucket)'"
        let (layout, path, mayTidy) = try await whenUnlocked(what) { () async throws(CloudError) in
            try await BlockingIO.run { _ throws(CloudError) in try self.deleteNow(bucket: bucket, key: key) }
        }
        guard mayTidy else { return }
        try await whenUnlocked(what) { () async throws(CloudError) in
            try await BlockingIO.run { _ throws(CloudError) in try self.committer(layout).removeEmptyFolders(of: path) }
        }
    }

    /// One page of keys in ascending UTF-8 byte order (see `ListingPage`).
    public func listObjects(_ request: ListObjectsRequest) async throws(CloudError) -> ObjectListing {
        try await BlockingIO.run { _ throws(CloudError) in try self.listNow(request) }
    }

    /// Copies bytes, content type and metadata to another key (or bucket).
    public func copyObject(_ request: CopyObjectRequest) async throws(CloudError) -> ObjectInfo {
        try await whenUnlocked("'\(request.key)' in bucket '\(request.bucket)'") { () async throws(CloudError) in
            try await BlockingIO.run { cancellation throws(CloudError) in try self.copyNow(request, cancellation: cancellation) }
        }
    }

    /// A `file://` URL for reading or writing one object.
    ///
    /// - GET: the URL of the object's current blob. Blobs are immutable and
    ///   read-only, so the URL always yields one whole version; replacing or
    ///   deleting the object removes the file (a later fetch fails, where S3
    ///   would serve the newer version). A file cannot enforce an expiry; it
    ///   is checked (1 to 604800 seconds) for parity with S3.
    /// - PUT: the URL of an upload slot that the holder writes with any file
    ///   copy; the upload is committed atomically by the next operation on the
    ///   bucket once no process has it open for writing, and discarded when
    ///   written after the expiry (see `PresignedUploads`).
    public func presign(_ request: PresignRequest) async throws(CloudError) -> String {
        try await BlockingIO.run { _ throws(CloudError) in try self.presignNow(request) }
    }

    // MARK: Shared helpers

    /// Runs `attempt` until it gets past the locks it needs: while one is held
    /// by another operation (`FileLock`'s busy error, thrown before anything
    /// changed) it sleeps asynchronously and tries again, for up to
    /// `lockWaitLimit`; then `throttled`.
    func whenUnlocked<T>(_ what: @autoclosure () -> String, _ attempt: () async throws(CloudError) -> T) async throws(CloudError) -> T {
        try await BusyRetry.run(limit: Self.lockWaitLimit, what: "the locks of \(what())") { () async throws(CloudError) -> T? in
            do throws(CloudError) {
                return try await attempt()
            } catch where FileLock.isBusy(error) {
                return nil
            }
        }
    }

    func layout(_ bucket: String) -> BucketLayout { BucketLayout(root: root, bucket: bucket) }

    /// Validates the name and checks the bucket exists.
    func requireBucket(_ bucket: String) throws(CloudError) -> BucketLayout {
        try StorageNames.validateBucket(bucket)
        let layout = layout(bucket)
        guard try FileSystem.isDirectory(layout.objects) else { throw noSuchBucket(bucket) }
        return layout
    }

    func noSuchBucket(_ bucket: String) -> CloudError {
        CloudError(.notFound, "bucket '\(bucket)' does not exist", code: "NoSuchBucket", httpStatus: 404)
    }

    func noSuchKey(_ bucket: String, _ key: String) -> CloudError {
        CloudError(.notFound, "no object '\(key)' in bucket '\(bucket)'", code: "NoSuchKey", httpStatus: 404)
    }

    func committer(_ layout: BucketLayout) -> ObjectCommitter { ObjectCommitter(layout: layout, logger: logger) }
}
