import AWSAuth
import AWSHTTP
import CloudKitModel
import Foundation

/// Multipart copy: a large object is copied inside S3 as byte ranges
/// (`UploadPartCopy`), several at once, the only way past `CopyObject`'s
/// 5 GiB limit and faster for large objects. Every part names the source's
/// ETag, so a source replaced during the copy fails it (`precondition
/// failed`) instead of mixing two versions; on any failure the upload is
/// aborted and the destination is left as it was.
extension S3Client {
    /// Copies `source` (already described by HEAD) to the request's destination in parts,
    /// keeping its content type and metadata as `CopyObject` does, and
    /// `stored` options when given, else the source's cache, encoding and
    /// disposition headers (tags are not copied: HEAD reports only their count).
    func copyInParts(_ request: CopyObjectRequest, source: ObjectInfo, stored: [String: String]) async throws(CloudError) -> ObjectInfo {
        let size = source.size
        let partSize = try multipart.partSize(forSize: size)
        let copySource = SigV4Signer.encodePath("/\(request.sourceBucket)/\(request.sourceKey)")
        let carried = S3ObjectOptions.carried(source: source, stored: stored)
        let upload = try await createUpload(
            bucket: request.bucket, key: request.key, contentType: source.contentType, metadata: source.metadata,
            headers: S3ObjectOptions.headers(carried))
        logger.debug("S3 multipart copy of \(request.sourceBucket)/\(request.sourceKey) to \(request.bucket)/\(request.key): \(size) bytes")
        do {
            let count = Int((size + partSize - 1) / partSize)
            let etags = try await S3PartScheduler.run(
                count: count, concurrency: multipart.concurrency,
                prepare: { part throws(CloudError) -> ClosedRange<Int64> in
                    let first = Int64(part - 1) * partSize
                    return first...(min(first + partSize, size) - 1)
                },
                send: { part, range throws(CloudError) -> String in
                    try await self.copyPart(upload, number: part, source: copySource, range: range, sourceETag: source.etag)
                })
            let etag = try await completeUpload(upload, etags: etags)
            return ObjectInfo(
                bucket: request.bucket, key: request.key, size: size, etag: etag, contentType: source.contentType, lastModified: nil,
                metadata: source.metadata, properties: S3ObjectProperties.afterPut(carried, reply: []))
        } catch {
            await abortUpload(upload)
            throw error
        }
    }

    /// `UploadPartCopy` of `range` of the source as part `number`; its ETag.
    private func copyPart(
        _ upload: S3MultipartUpload, number: Int, source: String, range: ClosedRange<Int64>, sourceETag: String?
    ) async throws(CloudError) -> String {
        var call = Call(
            method: "PUT", bucket: upload.bucket, key: upload.key, query: upload.query(part: number), failuresInReply: true, timeLimit: .transfer)
        call.headers.append(HTTPHeader("x-amz-copy-source", source))
        call.headers.append(HTTPHeader("x-amz-copy-source-range", "bytes=\(range.lowerBound)-\(range.upperBound)"))
        if let sourceETag { call.headers.append(HTTPHeader("x-amz-copy-source-if-match", sourceETag)) }
        let response = try await send(call)
        guard let etag = try S3CompleteUpload.etag(from: response) else { throw .internal("UploadPartCopy \(number) returned no ETag") }
        return etag
    }
}
