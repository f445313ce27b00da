import AWSHTTP
import CloudKitModel
import CloudKitProviderSupport
import Foundation

/// Uploads of a body whose length is not known in advance (ABI 1.4
/// `CK_CONTENT_LENGTH_UNKNOWN`, a pipe): the body is read one part at a
/// time, and each part is sent as soon as it is full. Memory stays at one
/// part buffer per part being sent (`multipart_concurrency`), whatever the
/// body's size. A body that ends before its first part is full goes up as
/// one signed PUT of those bytes; a larger one as a multipart upload, which
/// is aborted if anything fails or the call is cancelled, so no parts are
/// left behind and an existing object is untouched.
extension S3Client {
    /// Stores `request` (metadata already normalised) whose body is `reader`,
    /// of unknown length. `single` is the PUT to send, its body replaced,
    /// when the whole body fits in the first part.
    func putStream(
        _ request: PutObjectRequest, reader: BodyReader, single: Call, stored: [String: String], condition: ObjectWriteCondition?
    ) async throws(CloudError) -> ObjectInfo {
        let parts = try S3StreamParts(reader, settings: multipart)
        let endedEarly = try await BlockingIO.run(.transfers) { flag throws(CloudError) in
            try flag.check()
            return try parts.readFirst()
        }
        if endedEarly {
            var call = single
            call.body = .bytes(parts.takeFirst())
            return try await putOnce(call, request, size: parts.size, stored: stored, condition: condition)
        }
        let upload = try await createUpload(
            bucket: request.bucket, key: request.key, contentType: request.contentType, metadata: request.metadata,
            headers: S3ObjectOptions.headers(stored))
        logger.debug("S3 multipart upload of \(request.bucket)/\(request.key): a stream of unknown length, in parts as they fill")
        let progress = request.progress.map { PartProgress(total: -1, report: $0) }
        do throws(CloudError) {
            let etags = try await S3PartScheduler.run(
                concurrency: multipart.concurrency,
                prepare: { number throws(CloudError) -> Data? in
                    try await BlockingIO.run(.transfers) { flag throws(CloudError) in
                        try flag.check()
                        // The host's reader and progress handler never run at the same time.
                        return try PartProgress.excluding(progress) { () throws(CloudError) in try parts.part(number) }
                    }
                },
                send: { number, data throws(CloudError) -> String in
                    try await self.uploadPart(upload, number: number, data: data, progress: progress)
                })
            return try await complete(upload, etags: etags, of: request, size: parts.size, stored: stored, condition: condition)
        } catch {
            await abortUpload(upload)
            throw error
        }
    }
}
