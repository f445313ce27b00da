import AWSAuth
import AWSHTTP
import CloudKitModel
import CloudKitProviderSupport
import Foundation
import Synchronization

/// Multipart upload: a large body goes up as parts, several at once, then
/// S3 joins them into one object. Memory stays bounded: at most
/// `concurrency` parts are held (each read just before it is sent), and
/// each part is retried on its own. If anything fails or the call is
/// cancelled, the upload is aborted so S3 keeps no orphaned parts, and the
/// object is left as it was.
extension S3Client {
    /// Uploads `request.body` (`size` bytes) in parts and returns the
    /// object's description. `stored` options go with `CreateMultipartUpload`;
    /// `condition` with `CompleteMultipartUpload`, where S3 checks it — a
    /// failed one aborts the upload like any other failure.
    func putInParts(
        _ request: PutObjectRequest, size: Int64, stored: [String: String], condition: ObjectWriteCondition?
    ) async throws(CloudError) -> ObjectInfo {
        let partSize = try multipart.partSize(forSize: size)
        let reader = try S3PartReader(request.body, length: size)
        let upload = try await createUpload(
            bucket: request.bucket, key: request.key, contentType: request.contentType, metadata: request.metadata,
            headers: S3ObjectOptions.headers(stored))
        logger.debug("S3 multipart upload of \(request.bucket)/\(request.key): \(size) bytes in parts of \(partSize)")
        let progress = request.progress.map { PartProgress(total: size, report: $0) }
        do throws(CloudError) {
            let count = Int((size + partSize - 1) / partSize)
            let etags = try await S3PartScheduler.run(
                count: count, concurrency: multipart.concurrency,
                prepare: { part throws(CloudError) -> Data in
                    let length = Int(min(partSize, size - Int64(part - 1) * partSize))
                    return try await BlockingIO.run(.transfers) { flag throws(CloudError) in
                        try flag.check()
                        // The host's reader and progress handler never run at the same time.
                        return try PartProgress.excluding(progress) { () throws(CloudError) in try reader.next(length) }
                    }
                },
                send: { part, data throws(CloudError) -> String in
                    try await self.uploadPart(upload, number: part, data: data, progress: progress)
                })
            try await BlockingIO.run { _ throws(CloudError) in try reader.finish() }
            return try await complete(upload, etags: etags, of: request, size: size, stored: stored, condition: condition)
        } catch {
            await abortUpload(upload)
            throw error
        }
    }

    /// Completes the upload of `request` (metadata normalised by putObject)
    /// with every part's ETag and `condition`, which S3 checks now (a failed
    /// one is `precondition failed`); the object's description.
    func complete(
        _ upload: S3MultipartUpload, etags: [Int: String], of request: PutObjectRequest, size: Int64, stored: [String: String],
        condition: ObjectWriteCondition?
    ) async throws(CloudError) -> ObjectInfo {
        let etag: String?
        do throws(CloudError) {
            etag = try await completeUpload(upload, etags: etags, headers: S3Conditions.headers(condition))
        } catch {
            throw S3Conditions.mapped(error, condition: condition)
        }
        return ObjectInfo(
            bucket: request.bucket, key: request.key, size: size, etag: etag, contentType: request.contentType ?? ObjectMetadata.defaultContentType,
            lastModified: nil, metadata: request.metadata, properties: S3ObjectProperties.afterPut(stored, reply: []))
    }

    /// `UploadPart` number `number`, signed with its SHA-256; its ETag.
    func uploadPart(_ upload: S3MultipartUpload, number: Int, data: Data, progress: PartProgress?) async throws(CloudError) -> String {
        var report: ProgressHandler?
        if let progress { report = { done, _ in progress.update(part: number, done: done) } }
        let call = Call(
            method: "PUT", bucket: upload.bucket, key: upload.key, query: upload.query(part: number), body: .bytes(data), progress: report,
            timeLimit: .transfer)
        let response = try await send(call)
        guard let etag = response.headers.first(named: "ETag") else { throw .internal("UploadPart \(number) returned no ETag") }
        return etag
    }
}

/// Sums the progress of a call's parts into one report (total -1 when
/// unknown). Parts move on several transfers at once, each reporting from
/// its own thread; the host's handler is called under a lock, so never twice
/// at once, and `exclusive` keeps the call's body reader out of its way (the
/// ABI runs one call's reader, writer and progress handler one at a time).
final class PartProgress: Sendable {
    private let total: Int64
    private let report: ProgressHandler
    private let done = Locked<[Int: Int64]>([:])

    init(total: Int64, report: @escaping ProgressHandler) {
        self.total = total
        self.report = report
    }

    /// Records that part `part` has moved `done` bytes and reports the sum.
    func update(part: Int, done bytes: Int64) {
        let total = total
        done.withLock { parts in
            parts[part] = bytes
            let sum = parts.values.reduce(0, +)
            report(total < 0 ? sum : min(sum, total), total)
        }
    }

    /// Runs `body` (a read through the host's reader) while no report runs.
    func exclusive<T>(_ body: () throws(CloudError) -> T) throws(CloudError) -> T {
        try done.withLock { _ throws(CloudError) in try body() }
    }

    /// Runs `read` while no report of `progress` runs; at once when there is none.
    static func excluding<T>(_ progress: PartProgress?, _ read: () throws(CloudError) -> T) throws(CloudError) -> T {
        guard let progress else { return try read() }
        return try progress.exclusive(read)
    }
}
