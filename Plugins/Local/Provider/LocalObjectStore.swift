import CloudKitModel
import Foundation

/// Object storage on the local disk with S3's semantics.
///
/// Layout: `<root>/storage/<bucket>/objects/…` holds, per key (see
/// `ObjectKeyPath`), a `.meta` record and a `.<uuid>.object` blob;
/// `<root>/storage/<bucket>/tmp/` holds files being written. A put writes and
/// fsyncs the blob, renames it into place, then atomically replaces the
/// record: readers see the old object or the new one, never a mix, and a
/// crash leaves at worst an unreferenced blob. Safe for many threads and
/// processes on one root.
public final class LocalObjectStore: ObjectStorage {
    public let root: LocalRoot
    static let chunkSize = 1 << 20
    static let defaultContentType = "binary/octet-stream"

    public init(root: LocalRoot) throws(CloudError) {
        self.root = root
        try FileSystem.makeDirectories(root.storageFolder)
    }

    // MARK: Paths

    func bucketFolder(_ bucket: String) -> String { "\(root.storageFolder)/\(bucket)" }
    func objectsFolder(_ bucket: String) -> String { "\(bucketFolder(bucket))/objects" }
    func temporaryFolder(_ bucket: String) -> String { "\(bucketFolder(bucket))/tmp" }

    /// Validates the name and checks the bucket exists.
    func requireBucket(_ bucket: String) throws(CloudError) {
        try StorageNames.validateBucket(bucket)
        guard FileSystem.isDirectory(objectsFolder(bucket)) else {
            throw CloudError(.notFound, "bucket '\(bucket)' does not exist", code: "NoSuchBucket", httpStatus: 404)
        }
    }

    func noSuchKey(_ bucket: String, _ key: String) -> CloudError {
        CloudError(.notFound, "no object '\(key)' in bucket '\(bucket)'", code: "NoSuchKey", httpStatus: 404)
    }

    /// The record of `key`, or `NoSuchKey`.
    func record(_ bucket: String, _ path: ObjectKeyPath, key: String) throws(CloudError) -> ObjectRecord {
        guard let record = try ObjectRecord.read("\(objectsFolder(bucket))/\(path.metaPath)") else { throw noSuchKey(bucket, key) }
        return record
    }

    /// Opens the current blob of `key` with its record. A concurrent replace
    /// may remove the blob between reading the record and opening it; then the
    /// newer record is read again.
    func openCurrent(_ bucket: String, _ key: String) throws(CloudError) -> (ObjectRecord, ReadableFile) {
        try requireBucket(bucket)
        let path = try ObjectKeyPath(key: key)
        let folder = "\(objectsFolder(bucket))/\(path.folderPath)"
        var attempts = 0
        while true {
            let record = try record(bucket, path, key: key)
            do {
                return (record, try ReadableFile(path: "\(folder)/\(record.blob)"))
            } catch where error.kind == .notFound && attempts < 5 {
                attempts += 1
            }
        }
    }

    // MARK: Buckets

    public func createBucket(_ bucket: String) async throws(CloudError) {
        try StorageNames.validateBucket(bucket)
        // Build the bucket under a temporary name and rename it into place, so
        // a bucket either exists whole or not at all.
        let staging = "\(root.storageFolder)/.staging-\(UUID().uuidString)"
        try FileSystem.makeDirectories("\(staging)/objects")
        try FileSystem.makeDirectories("\(staging)/tmp")
        if rename(staging, bucketFolder(bucket)) != 0 {
            let code = errno
            try? FileManager.default.removeItem(atPath: staging)
            if code == EEXIST || code == ENOTEMPTY {
                throw CloudError(.alreadyExists, "bucket '\(bucket)' already exists", code: "BucketAlreadyOwnedByYou", httpStatus: 409)
            }
            throw FileSystem.error("cannot create bucket", bucketFolder(bucket), code)
        }
        FileSystem.syncDirectory(root.storageFolder)
    }

    public func deleteBucket(_ bucket: String) async throws(CloudError) {
        try requireBucket(bucket)
        try await ingestUploads(bucket)
        if try LocalListing.anyKey(in: objectsFolder(bucket)) {
            throw CloudError(.preconditionFailed, "bucket '\(bucket)' is not empty", code: "BucketNotEmpty", httpStatus: 409)
        }
        let doomed = "\(root.storageFolder)/.deleting-\(UUID().uuidString)"
        guard rename(bucketFolder(bucket), doomed) == 0 else { throw FileSystem.error("cannot delete bucket", bucketFolder(bucket)) }
        try? FileManager.default.removeItem(atPath: doomed)
    }

    /// Commits finished presigned uploads of `bucket` (see `PresignedUploads`).
    func ingestUploads(_ bucket: String) async throws(CloudError) {
        guard FileSystem.isDirectory("\(bucketFolder(bucket))/incoming") else { return }
        try await PresignedUploads(store: self).ingest(bucket: bucket)
    }

    // MARK: Objects

    public func putObject(_ request: PutObjectRequest) async throws(CloudError) -> ObjectInfo {
        try await putObject(request, ingesting: true)
    }

    /// Put; `ingesting: false` when called while committing presigned uploads.
    func putObject(_ request: PutObjectRequest, ingesting: Bool) async throws(CloudError) -> ObjectInfo {
        try requireBucket(request.bucket)
        if ingesting { try await PresignedUploads(store: self).ingest(bucket: request.bucket) }
        let path = try ObjectKeyPath(key: request.key)
        let writer = try BlobWriter(temporaryFolder: temporaryFolder(request.bucket))
        try writer.write(request.body, progress: request.progress)
        let record = ObjectRecord(
            key: request.key, size: writer.size, etag: "\"\(writer.md5)\"",
            contentType: request.contentType ?? Self.defaultContentType,
            lastModifiedMilliseconds: Int64((Date().timeIntervalSince1970 * 1000).rounded()),
            metadata: Dictionary(request.metadata.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { _, last in last }),
            blob: "\(path.stem).\(UUID().uuidString).object")
        try commit(record, blob: writer, bucket: request.bucket, path: path)
        return record.info(bucket: request.bucket)
    }

    /// Moves a written blob into place and atomically switches the record to it.
    func commit(_ record: ObjectRecord, blob: BlobWriter, bucket: String, path: ObjectKeyPath) throws(CloudError) {
        let folder = "\(objectsFolder(bucket))/\(path.folderPath)"
        try FileSystem.makeDirectories(folder)
        let previous = try? ObjectRecord.read("\(folder)/\(path.stem).meta")
        try blob.finish(into: "\(folder)/\(record.blob)")
        do throws(CloudError) {
            try FileSystem.writeAtomically(record.encoded(), to: "\(folder)/\(path.stem).meta", temporaryFolder: temporaryFolder(bucket))
        } catch {
            FileSystem.remove("\(folder)/\(record.blob)")
            throw error
        }
        if let previous, previous.blob != record.blob { FileSystem.remove("\(folder)/\(previous.blob)") }
    }

    public func getObject(_ request: GetObjectRequest) async throws(CloudError) -> GetObjectResult {
        try await ingestUploads(request.bucket)
        let (record, file) = try openCurrent(request.bucket, request.key)
        var start: Int64 = 0
        var end = record.size - 1
        if let range = request.range {
            guard range.start < record.size else {
                throw CloudError(
                    .invalidArgument, "range start \(range.start) is beyond the object's \(record.size) bytes", code: "InvalidRange",
                    httpStatus: 416)
            }
            start = range.start
            if let last = range.end { end = min(last, record.size - 1) }
        }
        let info = record.info(bucket: request.bucket)
        let data = try BlobReader(file: file, start: start, end: end).deliver(to: request.sink, progress: request.progress)
        return GetObjectResult(info: info, data: data)
    }

    public func headObject(bucket: String, key: String) async throws(CloudError) -> ObjectInfo {
        try requireBucket(bucket)
        try await ingestUploads(bucket)
        return try record(bucket, try ObjectKeyPath(key: key), key: key).info(bucket: bucket)
    }

    public func deleteObject(bucket: String, key: String) async throws(CloudError) {
        try requireBucket(bucket)
        try await ingestUploads(bucket)
        let path = try ObjectKeyPath(key: key)
        let folder = "\(objectsFolder(bucket))/\(path.folderPath)"
        guard let record = try ObjectRecord.read("\(folder)/\(path.stem).meta") else { return }
        // Removing the record is the commit; the blob goes after.
        guard unlink("\(folder)/\(path.stem).meta") == 0 || errno == ENOENT else {
            throw FileSystem.error("cannot delete", "\(folder)/\(path.stem).meta")
        }
        FileSystem.remove("\(folder)/\(record.blob)")
    }

    public func listObjects(_ request: ListObjectsRequest) async throws(CloudError) -> ObjectListing {
        try requireBucket(request.bucket)
        try await ingestUploads(request.bucket)
        return try LocalListing(store: self, request: request).page()
    }

    public func copyObject(_ request: CopyObjectRequest) async throws(CloudError) -> ObjectInfo {
        try requireBucket(request.bucket)
        try await ingestUploads(request.sourceBucket)
        let path = try ObjectKeyPath(key: request.key)
        let (source, file) = try openCurrent(request.sourceBucket, request.sourceKey)
        let writer = try BlobWriter(temporaryFolder: temporaryFolder(request.bucket))
        _ = try BlobReader(file: file, start: 0, end: source.size - 1).deliver(
            to: .stream(BodyWriter { bytes throws(CloudError) in try writer.append(bytes) }), progress: nil)
        var record = source
        record.key = request.key
        record.etag = "\"\(writer.md5)\""
        record.lastModifiedMilliseconds = Int64((Date().timeIntervalSince1970 * 1000).rounded())
        record.blob = "\(path.stem).\(UUID().uuidString).object"
        try commit(record, blob: writer, bucket: request.bucket, path: path)
        return record.info(bucket: request.bucket)
    }

    /// A `file://` URL. GET: the object's current bytes (replacing or deleting
    /// the object invalidates it; a file URL cannot enforce the expiry, which
    /// is still checked for parity with S3). PUT: an upload slot, committed
    /// atomically by the next read of the bucket (see `PresignedUploads`),
    /// discarded if the bytes arrive after the expiry.
    public func presign(_ request: PresignRequest) async throws(CloudError) -> String {
        try StorageNames.validateExpiry(request.expiresSeconds)
        try requireBucket(request.bucket)
        let path = try ObjectKeyPath(key: request.key)
        switch request.method {
        case .get:
            try await ingestUploads(request.bucket)
            let record = try record(request.bucket, path, key: request.key)
            let folder = "\(objectsFolder(request.bucket))/\(path.folderPath)"
            return URL(fileURLWithPath: "\(folder)/\(record.blob)").absoluteString
        case .put:
            return try PresignedUploads(store: self).prepare(bucket: request.bucket, key: request.key, expiresSeconds: request.expiresSeconds)
        }
    }
}
