import CloudKitModel
import CloudKitProviderSupport
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Objects: the synchronous bodies of the `ObjectStorage` operations, run on
/// a `BlockingIO` thread by the public methods.
extension LocalObjectStore {
    /// A put whose bytes are written and fsynced in the bucket's temporary
    /// folder, ready to commit.
    struct StagedObject: Sendable {
        let layout: BucketLayout
        let path: ObjectKeyPath
        let record: ObjectRecord
        let blob: StagedFile
        let condition: ObjectWriteCondition?
    }

    /// Stores an object at once (for presigned uploads, read from `upload`
    /// inside the root rather than from the request's body). Throws
    /// `FileLock`'s busy error when a lock is held.
    func putNow(_ request: PutObjectRequest, upload: ReadableFile) throws(CloudError) {
        try commitNow(try stageNow(request, cancellation: .never, upload: upload))
    }

    /// Validates a put, then writes its bytes — from the request's body, or
    /// from `upload` when given — to the bucket's temporary folder. Before
    /// that it commits finished presigned uploads (unless it is one) and
    /// removes temporary files that crashed writers left (`TemporaryReclaimer`).
    func stageNow(_ request: PutObjectRequest, cancellation: CancellationFlag, upload: ReadableFile? = nil) throws(CloudError) -> StagedObject {
        try StorageNames.validateBucket(request.bucket)
        let path = try ObjectKeyPath(key: request.key)
        let metadata = try ObjectMetadata.normalize(request.metadata)
        let contentType = try ObjectMetadata.contentType(request.contentType)
        let stored = try LocalObjectOptions.stored(request.options, allowed: ObjectOptionKey.put, operation: "a put")
        let condition = try ObjectOptionRules.writeCondition(request.condition, options: request.options)
        let layout = try requireBucket(request.bucket)
        if upload == nil { try ingestUploads(layout) }
        reclaimAbandoned(layout)
        let writer = try blobWriter(layout, cancellation: cancellation)
        if let upload {
            try writer.copy(from: upload, length: try upload.size())
        } else {
            try writer.write(request.body, progress: request.progress)
        }
        let (blob, etag) = try writer.finish()
        let record = ObjectRecord(
            key: request.key, size: writer.size, etag: etag, contentType: contentType,
            lastModifiedMilliseconds: ObjectRecord.nowMilliseconds(), metadata: metadata, blob: path.newBlobName(),
            properties: stored.isEmpty ? nil : stored)
        return StagedObject(layout: layout, path: path, record: record, blob: blob, condition: condition)
    }

    /// How far a put got on its first go.
    enum PutProgress: Sendable {
        /// Done: the object's record.
        case committed(ObjectRecord)
        /// Staged, but a lock is held by someone else: commit it again later.
        case waitingForLocks(StagedObject)
    }

    /// Stages a put and commits it at once, unless a lock is held. On any
    /// other failure the staged bytes are removed before this returns.
    func stageAndCommitNow(_ request: PutObjectRequest, cancellation: CancellationFlag) throws(CloudError) -> PutProgress {
        let staged = try stageNow(request, cancellation: cancellation)
        do throws(CloudError) {
            try commitNow(staged)
        } catch where FileLock.isBusy(error) {
            return .waitingForLocks(staged)
        }
        return .committed(staged.record)
    }

    /// Commits a staged put. Throws `FileLock`'s busy error, having changed
    /// nothing, when a lock is held (the staged bytes stay for another try).
    func commitNow(_ staged: StagedObject) throws(CloudError) {
        try committer(staged.layout).commit(staged.record, blob: staged.blob, path: staged.path, condition: staged.condition)
    }

    func getNow(_ request: GetObjectRequest, cancellation: CancellationFlag) throws(CloudError) -> GetObjectResult {
        let conditions = try ReadConditions(request.options)
        let layout = try requireBucket(request.bucket)
        let path = try ObjectKeyPath(key: request.key)
        try ingestUploads(layout)
        let (record, file) = try openCurrent(layout, path)
        try conditions.check(record)
        let (start, length) = try BlobReader.resolve(request.range, size: record.size)
        let data = try BlobReader(file: file, start: start, length: length, cancellation: cancellation)
            .deliver(to: request.sink, memory: request.memory, progress: request.progress)
        return GetObjectResult(info: record.info(bucket: request.bucket), data: data)
    }

    func headNow(bucket: String, key: String) throws(CloudError) -> ObjectInfo {
        let layout = try requireBucket(bucket)
        let path = try ObjectKeyPath(key: key)
        try ingestUploads(layout)
        guard let record = try ObjectRecord.read(layout.recordPath(for: path)), record.key == key else { throw noSuchKey(bucket, key) }
        return record.info(bucket: bucket)
    }

    /// Removes the key's record and blob; also returns whether its folders
    /// may need tidying (`ObjectCommitter.removeEmptyFolders`).
    func deleteNow(bucket: String, key: String) throws(CloudError) -> (BucketLayout, ObjectKeyPath, Bool) {
        let layout = try requireBucket(bucket)
        let path = try ObjectKeyPath(key: key)
        try ingestUploads(layout)
        return (layout, path, try committer(layout).delete(path))
    }

    func listNow(_ request: ListObjectsRequest) throws(CloudError) -> ObjectListing {
        let layout = try requireBucket(request.bucket)
        try ingestUploads(layout)
        return try LocalListing(layout: layout, request: request).page()
    }

    /// Copies by hard-linking the source's immutable blob (no bytes move),
    /// or by streaming its bytes where the file system cannot link. The copy
    /// keeps the source's content type, metadata and ETag and gets a new
    /// last-modified time; it keeps the source's stored options too, unless
    /// any is given, when it gets those instead. Copying an object onto
    /// itself without options (changing nothing) is S3's `InvalidRequest`.
    func copyNow(_ request: CopyObjectRequest, cancellation: CancellationFlag) throws(CloudError) -> ObjectInfo {
        let stored = try LocalObjectOptions.stored(request.options, allowed: ObjectOptionKey.copy, operation: "a copy")
        let sourcePath = try ObjectKeyPath(key: request.sourceKey)
        let path = try ObjectKeyPath(key: request.key)
        let sourceLayout = try requireBucket(request.sourceBucket)
        let layout = try requireBucket(request.bucket)
        if request.sourceBucket == request.bucket && request.sourceKey == request.key && stored.isEmpty {
            throw CloudError(
                .invalidArgument, "cannot copy '\(request.key)' in bucket '\(request.bucket)' onto itself without changing anything",
                code: "InvalidRequest", httpStatus: 400)
        }
        try ingestUploads(sourceLayout)
        if layout.name != sourceLayout.name { try ingestUploads(layout) }
        reclaimAbandoned(layout)
        for _ in 0..<ObjectCommitter.maximumAttempts {
            let (source, file) = try openCurrent(sourceLayout, sourcePath)
            let temporary = StagedFile.temporaryPath(in: layout.temporary, suffix: "blob")
            let blob: StagedFile
            var record = source
            let linked = try FileSystem.attemptLink(sourceLayout.folder(for: sourcePath).appending(try source.blobName(for: sourcePath)), to: temporary)
            if linked == 0 {
                blob = StagedFile(path: temporary)
            } else if linked == ENOENT, try FileSystem.isDirectory(layout.temporary) {
                continue  // The source was replaced meanwhile: copy the newer version.
            } else {
                let writer = try blobWriter(layout, cancellation: cancellation)
                try writer.copy(from: file, length: source.size)
                (blob, record.etag) = try writer.finish()
            }
            record.key = request.key
            if !stored.isEmpty { record.properties = stored }
            record.blob = path.newBlobName()
            record.lastModifiedMilliseconds = ObjectRecord.nowMilliseconds()
            try committer(layout).commit(record, blob: blob, path: path)
            return record.info(bucket: request.bucket)
        }
        throw CloudError(.internal, "the source '\(request.sourceKey)' kept changing while being copied", code: "IOError", retryable: true)
    }

    func presignNow(_ request: PresignRequest) throws(CloudError) -> String {
        try StorageNames.validateExpiry(request.expiresSeconds)
        let layout = try requireBucket(request.bucket)
        let path = try ObjectKeyPath(key: request.key)
        switch request.method {
        case .get:
            try ingestUploads(layout)
            let (record, _) = try openCurrent(layout, path)
            return URL(fileURLWithPath: layout.folder(for: path).appending(try record.blobName(for: path)).path).absoluteString
        case .put:
            return try PresignedUploads(layout: layout, logger: logger).prepare(key: request.key, expiresSeconds: request.expiresSeconds)
        }
    }

    // MARK: Helpers

    /// The current record of `path` and its blob, opened. A concurrent
    /// replace may remove the blob between reading the record and opening
    /// it; then the newer record is read again.
    func openCurrent(_ layout: BucketLayout, _ path: ObjectKeyPath) throws(CloudError) -> (ObjectRecord, ReadableFile) {
        let folder = layout.folder(for: path)
        for _ in 0..<ObjectCommitter.maximumAttempts {
            guard let record = try ObjectRecord.read(folder.appending(path.recordName)), record.key == path.key else {
                if try !FileSystem.isDirectory(layout.objects) { throw noSuchBucket(layout.name) }
                throw noSuchKey(layout.name, path.key)
            }
            do throws(CloudError) {
                return (record, try ReadableFile(at: folder.appending(try record.blobName(for: path))))
            } catch where error.kind == .notFound {
                continue
            }
        }
        throw CloudError(.internal, "'\(path.key)' in bucket '\(layout.name)' kept changing while being opened", code: "IOError", retryable: true)
    }

    /// A writer in the bucket's temporary folder (recreated if it went missing).
    private func blobWriter(_ layout: BucketLayout, cancellation: CancellationFlag) throws(CloudError) -> BlobWriter {
        do {
            return try BlobWriter(temporaryFolder: layout.temporary, cancellation: cancellation)
        } catch where error.kind == .notFound {
            guard try FileSystem.isDirectory(layout.objects) else { throw noSuchBucket(layout.name) }
            try FileSystem.makeDirectory(layout.temporary)
            return try BlobWriter(temporaryFolder: layout.temporary, cancellation: cancellation)
        }
    }

    /// Removes temporary files that crashed writers left in the bucket (see `TemporaryReclaimer`).
    func reclaimAbandoned(_ layout: BucketLayout) {
        TemporaryReclaimer(folder: layout.temporary, age: abandonedAge, logger: logger).reclaim()
    }

    /// Commits the bucket's finished presigned uploads (see `PresignedUploads`).
    func ingestUploads(_ layout: BucketLayout) throws(CloudError) {
        try PresignedUploads(layout: layout, logger: logger).ingest { key, body throws(CloudError) in
            try self.putNow(PutObjectRequest(bucket: layout.name, key: key, body: .bytes(Data())), upload: body)
        }
    }
}
