import CloudKitModel
import CloudKitProviderSupport
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Gets and heads finished on the caller's thread when everything they read
/// is already in memory (`ResidentFiles`: no path lookup and no read waits
/// for the disk), so a small read of a hot object costs no thread hop. The
/// provider kit asks here first (`ImmediateObjectReads`); nil sends the call
/// the usual way, to a `BlockingIO` thread, which then does everything
/// again from the start — so every case that is not plainly a success (a
/// missing key or bucket, a presigned upload waiting in the bucket, a
/// damaged record, a link, a concurrent replace, a body bigger than
/// `immediateLimit` or not for memory) keeps exactly its usual answer.
/// What is answered here is what the usual path would answer at that
/// moment: the object, or a failed read condition or range of the record read.
extension LocalObjectStore: ImmediateObjectReads {
    /// The largest range read on the caller's thread: one chunk.
    static let immediateLimit = BlobWriter.chunkSize

    public func getObjectImmediately(_ request: GetObjectRequest) -> Result<GetObjectResult, CloudError>? {
        guard case .memory = request.sink, let conditions = try? ReadConditions(request.options),
            let (files, path, folder, record) = residentRecord(bucket: request.bucket, key: request.key)
        else { return nil }
        // In the usual order: the blob is opened before the conditions are checked.
        guard let blob = try? record.blobName(for: path), case .found(let descriptor) = files.open(folder.appending(blob)) else { return nil }
        defer { close(descriptor) }
        let range: (start: Int64, length: Int64)
        do throws(CloudError) {
            try conditions.check(record)
            range = try BlobReader.resolve(request.range, size: record.size)
        } catch {
            return .failure(error)
        }
        guard range.length <= Self.immediateLimit, let data = ResidentFiles.read(descriptor, at: range.start, count: Int(range.length)) else { return nil }
        request.progress?(range.length, range.length)
        return .success(GetObjectResult(info: record.info(bucket: request.bucket), data: data))
    }

    public func headObjectImmediately(bucket: String, key: String) -> Result<ObjectInfo, CloudError>? {
        guard let (_, _, _, record) = residentRecord(bucket: bucket, key: key) else { return nil }
        return .success(record.info(bucket: bucket))
    }

    /// The current record of `key`, read without waiting, with the open root,
    /// the key's place and its folder; nil unless the bucket is plainly
    /// there with no upload waiting to be committed and the record is
    /// whole, valid and of this key.
    private func residentRecord(bucket: String, key: String) -> (ResidentFiles, ObjectKeyPath, RootedPath, ObjectRecord)? {
        guard (try? StorageNames.validateBucket(bucket)) != nil, let path = try? ObjectKeyPath(key: key),
            let files = ResidentFiles(root: root.path)
        else { return nil }
        let layout = layout(bucket)
        // A waiting presigned upload is committed by the usual path first.
        switch files.open(layout.incoming, folder: true) {
        case .missing: break
        case .found(let descriptor):
            close(descriptor)
            return nil
        case .unknown: return nil
        }
        let folder = layout.folder(for: path)
        guard case .found(let descriptor) = files.open(folder.appending(path.recordName)) else { return nil }
        defer { close(descriptor) }
        guard let data = ResidentFiles.readWhole(descriptor, limit: ObjectRecord.maximumBytes),
            let record = try? ObjectRecord.decoded(data, at: folder.appending(path.recordName)), record.key == key
        else { return nil }
        return (files, path, folder, record)
    }
}
