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
    /// Uploads `request.body` (`size` bytes) in parts and returns the object's description.
    func putInParts(_ request: PutObjectRequest, size: Int64) async throws(CloudError) -> ObjectInfo {
        let partSize = try multipart.partSize(forSize: size)
        let reader = try S3PartReader(request.body, length: size)
        let uploadID = try await createUpload(request)
        logger.debug("S3 multipart upload of \(request.bucket)/\(request.key): \(size) bytes in parts of \(partSize)")
        do {
            let etags = try await uploadParts(request, uploadID: uploadID, reader: reader, size: size, partSize: partSize)
            try await BlockingIO.run { _ throws(CloudError) in try reader.finish() }
            let etag = try await completeUpload(request, uploadID: uploadID, etags: etags)
            return ObjectInfo(
                bucket: request.bucket, key: request.key, size: size, etag: etag, contentType: request.contentType ?? "binary/octet-stream",
                lastModified: nil,
                metadata: Dictionary(request.metadata.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { _, last in last }))
        } catch {
            await abortUpload(request, uploadID: uploadID)
            throw error
        }
    }

    /// `CreateMultipartUpload`, carrying the object's content type and metadata; the upload id.
    private func createUpload(_ request: PutObjectRequest) async throws(CloudError) -> String {
        var call = Call(method: "POST", bucket: request.bucket, key: request.key, query: [QueryItem("uploads", "")])
        if let contentType = request.contentType { call.headers.append(HTTPHeader("Content-Type", contentType)) }
        for (name, value) in request.metadata.sorted(by: { $0.key < $1.key }) {
            call.headers.append(HTTPHeader("x-amz-meta-\(name.lowercased())", value))
        }
        let response = try await send(call)
        guard let uploadID = try XMLTree.parse(response.body).text("UploadId"), !uploadID.isEmpty else {
            throw .internal("CreateMultipartUpload returned no UploadId")
        }
        return uploadID
    }

    /// Reads and sends every part, at most `multipart.concurrency` at once; part number → ETag.
    private func uploadParts(
        _ request: PutObjectRequest, uploadID: String, reader: S3PartReader, size: Int64, partSize: Int64
    ) async throws(CloudError) -> [Int: String] {
        let progress = request.progress.map { PartProgress(total: size, report: $0) }
        let concurrency = multipart.concurrency
        let outcome: Result<[Int: String], CloudError> = await withTaskGroup(of: Result<(Int, String), CloudError>.self) { group in
            var etags: [Int: String] = [:]
            var failure: CloudError?
            var running = 0
            var offset: Int64 = 0
            var number = 0
            func record(_ finished: Result<(Int, String), CloudError>) {
                running -= 1
                switch finished {
                case .success(let (part, etag)): etags[part] = etag
                case .failure(let error):
                    if failure == nil { failure = error }
                    group.cancelAll()
                }
            }
            while offset < size, failure == nil {
                if running == concurrency, let finished = await group.next() { record(finished) }
                guard failure == nil else { break }
                number += 1
                let part = number
                let count = Int(min(partSize, size - offset))
                offset += Int64(count)
                let data: Data
                do throws(CloudError) {
                    data = try await BlockingIO.run { flag throws(CloudError) in
                        try flag.check()
                        return try reader.next(count)
                    }
                } catch {
                    failure = error
                    break
                }
                running += 1
                group.addTask {
                    do throws(CloudError) {
                        return .success((part, try await self.uploadPart(request, uploadID: uploadID, number: part, data: data, progress: progress)))
                    } catch {
                        return .failure(error)
                    }
                }
            }
            while let finished = await group.next() { record(finished) }
            if let failure { return .failure(failure) }
            if Task.isCancelled { return .failure(CloudError(.cancelled, "the upload was cancelled")) }
            return .success(etags)
        }
        return try outcome.get()
    }

    /// `UploadPart` number `number`; its ETag.
    private func uploadPart(
        _ request: PutObjectRequest, uploadID: String, number: Int, data: Data, progress: PartProgress?
    ) async throws(CloudError) -> String {
        var report: ProgressHandler?
        if let progress { report = { done, _ in progress.update(part: number, done: done) } }
        let call = Call(
            method: "PUT", bucket: request.bucket, key: request.key,
            query: [QueryItem("partNumber", String(number)), QueryItem("uploadId", uploadID)], body: .bytes(data), progress: report)
        let response = try await send(call)
        guard let etag = response.headers.first(named: "ETag") else { throw .internal("UploadPart \(number) returned no ETag") }
        return etag
    }

    /// `CompleteMultipartUpload`; the object's ETag.
    private func completeUpload(_ request: PutObjectRequest, uploadID: String, etags: [Int: String]) async throws(CloudError) -> String? {
        var call = Call(
            method: "POST", bucket: request.bucket, key: request.key, query: [QueryItem("uploadId", uploadID)],
            body: .bytes(S3CompleteUpload.body(etags)))
        call.headers.append(HTTPHeader("Content-Type", "application/xml"))
        let response = try await send(call)
        return try S3CompleteUpload.etag(from: response.body)
    }

    /// `AbortMultipartUpload`, even when the calling task was cancelled; a
    /// failure is logged (S3 keeps the parts until a lifecycle rule removes them).
    private func abortUpload(_ request: PutObjectRequest, uploadID: String) async {
        let call = Call(method: "DELETE", bucket: request.bucket, key: request.key, query: [QueryItem("uploadId", uploadID)])
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
            logger.warning("could not abort multipart upload \(uploadID) of \(request.bucket)/\(request.key): \(error.message)")
        }
    }
}

/// Sums the progress of an upload's parts into one report.
final class PartProgress: Sendable {
    private let total: Int64
    private let report: ProgressHandler
    private let done = Mutex<[Int: Int64]>([:])

    init(total: Int64, report: @escaping ProgressHandler) {
        self.total = total
        self.report = report
    }

    /// Records that part `part` has sent `done` bytes and reports the sum.
    func update(part: Int, done bytes: Int64) {
        let sum = done.withLock { parts -> Int64 in
            parts[part] = bytes
            return parts.values.reduce(0, +)
        }
        report(min(sum, total), total)
    }
}
