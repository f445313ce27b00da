import AWSAuth
import AWSHTTP
import CloudKitModel
import Foundation

/// One multipart upload in progress: where it goes and S3's id for it.
struct S3MultipartUpload: Sendable {
    let bucket: String
    let key: String
    let uploadID: String

    /// The query naming this upload, with `partNumber` when given.
    func query(part: Int? = nil) -> [QueryItem] {
        (part.map { [QueryItem("partNumber", String($0))] } ?? []) + [QueryItem("uploadId", uploadID)]
    }
}

/// The calls that begin, finish and abandon a multipart upload, shared by
/// uploads of large bodies and copies of large objects.
extension S3Client {
    /// `CreateMultipartUpload` for `bucket`/`key`, carrying the object's
    /// content type, metadata (keys already lower-case) and the `headers` of its stored options.
    func createUpload(
        bucket: String, key: String, contentType: String?, metadata: [String: String], headers: [HTTPHeader] = []
    ) async throws(CloudError) -> S3MultipartUpload {
        var call = Call(method: "POST", bucket: bucket, key: key, query: [QueryItem("uploads", "")], headers: headers)
        if let contentType { call.headers.append(HTTPHeader("Content-Type", contentType)) }
        for (name, value) in metadata.sorted(by: { $0.key < $1.key }) {
            call.headers.append(HTTPHeader("x-amz-meta-\(name)", value))
        }
        let response = try await send(call)
        guard let uploadID = try XMLTree.parse(response.body).text("UploadId"), !uploadID.isEmpty else {
            throw .internal("CreateMultipartUpload returned no UploadId")
        }
        return S3MultipartUpload(bucket: bucket, key: key, uploadID: uploadID)
    }

    /// `CompleteMultipartUpload` with every part's ETag and `headers` (a
    /// write condition, checked by S3 now); the object's ETag. S3 may take
    /// minutes to join a large object, sending spaces meanwhile, so only the
    /// stall limit applies.
    func completeUpload(_ upload: S3MultipartUpload, etags: [Int: String], headers: [HTTPHeader] = []) async throws(CloudError) -> String? {
        var call = Call(
            method: "POST", bucket: upload.bucket, key: upload.key, query: upload.query(), headers: headers,
            body: .bytes(S3CompleteUpload.body(etags)), timeLimit: .transfer)
        call.headers.append(HTTPHeader("Content-Type", "application/xml"))
        call.failuresInReply = true
        let response = try await send(call)
        return try S3CompleteUpload.etag(from: response)
    }

    /// `AbortMultipartUpload`, even when the calling task was cancelled; a
    /// failure is logged (S3 keeps the parts until a lifecycle rule removes them).
    func abortUpload(_ upload: S3MultipartUpload) async {
        let call = Call(method: "DELETE", bucket: upload.bucket, key: upload.key, query: upload.query())
        // A new task is not cancelled with the caller, so the abort is still sent.
        let abort = Task { () async -> CloudError? in
            do throws(CloudError) {
                _ = try await self.send(call)
                return nil
            } catch {
                return error
            }
        }
        if let error = await abort.value {
            logger.warning("could not abort multipart upload \(upload.uploadID) of \(upload.bucket)/\(upload.key): \(error.message)")
        }
    }
}
