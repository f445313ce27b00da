import AWSAuth
import AWSHTTP
import CloudKitModel
import CloudKitProviderSupport
import Foundation

/// Whole-object downloads to memory or a file in ranged parts, as the AWS
/// CLI and the CRT do: the first request asks for the first part only, so a
/// small object still takes one GET; a larger one brings the rest in
/// parallel (`multipart.partSize` each, `multipart.concurrency` at once),
/// every part pinned to the first reply's ETag with `If-Match`, so an object
/// replaced mid-download fails (`precondition failed`) instead of mixing
/// versions. Each later part is written in its final place as it arrives
/// (`S3DownloadTarget`): into one buffer sized from the object, or into the
/// temporary file, so no part is held in memory on its own. Stream sinks
/// need the bytes in order and keep a single GET.
extension S3Client {
    /// Downloads the whole of `request`'s object (`request.range` is nil, the
    /// sink is memory or a file); the first request carries `conditions`.
    func getInParts(_ request: GetObjectRequest, conditions: [HTTPHeader]) async throws(CloudError) -> GetObjectResult {
        let partSize = multipart.partSize
        let firstRange = ByteRange(start: 0, end: partSize - 1)
        var first = Call(
            method: "GET", bucket: request.bucket, key: request.key, headers: conditions, timeLimit: .transfer,
            replyCheck: S3ReplyRange.check(asked: firstRange))
        first.headers.append(HTTPHeader("Range", firstRange.httpHeaderValue))
        let response: HTTPResponse
        do {
            response = try await send(first)
        } catch {
            // An empty object has no byte 0: S3 answers 416. Ask for it whole.
            guard error.httpStatus == 416 else { throw error }
            return try await getOnce(request, conditions: conditions)
        }
        let info = info(bucket: request.bucket, key: request.key, headers: response.headers)
        let total = info.size
        guard response.status == 206, Int64(response.body.count) < total else {
            // The whole object came back in the first reply.
            request.progress?(Int64(response.body.count), Int64(response.body.count))
            return try await deliver(response.body, info: info, to: request.sink)
        }
        let target = try S3DownloadTarget(request.sink, total: total)
        let progress = request.progress.map { PartProgress(total: total, report: $0) }
        // The buffer's pages are faulted in beside the download, not by the loop thread writing the parts.
        let prefault = Task { try? await BlockingIO.run { flag in target.prefault(flag) } }
        do {
            try await write(response.body, at: 0, to: target)
            progress?.update(part: 1, done: Int64(response.body.count))
            let firstLength = Int64(response.body.count)
            let count = 1 + Int((total - firstLength + partSize - 1) / partSize)
            _ = try await S3PartScheduler.run(
                count: count - 1, concurrency: multipart.concurrency,
                prepare: { index throws(CloudError) -> ClosedRange<Int64> in
                    let start = firstLength + Int64(index - 1) * partSize
                    return start...(min(start + partSize, total) - 1)
                },
                send: { index, range throws(CloudError) -> String in
                    try await self.getRange(request, range: range, etag: info.etag, into: target)
                    progress?.update(part: index + 1, done: Int64(range.count))
                    return ""
                })
            await prefault.value
            let data = try await BlockingIO.run { _ throws(CloudError) in try target.finish() }
            return GetObjectResult(info: info, data: data)
        } catch {
            prefault.cancel()
            await prefault.value
            target.discard()
            throw error
        }
    }

    /// `range` of the object, pinned to `etag`, written in place into
    /// `target`; exactly that many bytes. A retried part overwrites the same bytes.
    private func getRange(_ request: GetObjectRequest, range: ClosedRange<Int64>, etag: String?, into target: S3DownloadTarget) async throws(CloudError) {
        let asked = ByteRange(start: range.lowerBound, end: range.upperBound)
        var call = Call(
            method: "GET", bucket: request.bucket, key: request.key, timeLimit: .transfer, replyCheck: S3ReplyRange.check(asked: asked))
        call.headers.append(HTTPHeader("Range", asked.httpHeaderValue))
        if let etag { call.headers.append(HTTPHeader("If-Match", etag)) }
        call.placement = target.placement(at: range.lowerBound)
        let response = try await send(call)
        guard response.status == 206, response.placed == Int64(range.count) else {
            throw CloudError(
                .internal, "S3 answered bytes \(range.lowerBound)-\(range.upperBound) with status \(response.status) and \(response.placed) bytes",
                code: "IncompleteBody", retryable: true)
        }
    }

    private func write(_ data: Data, at offset: Int64, to target: S3DownloadTarget) async throws(CloudError) {
        try await BlockingIO.run(.transfers) { _ throws(CloudError) in
            let outcome = data.withUnsafeBytes { bytes in Result { () throws(CloudError) in try target.write(bytes, at: offset) } }
            try outcome.get()
        }
    }

    /// A body already in memory, handed to the sink the way a single GET would.
    private func deliver(_ body: Data, info: ObjectInfo, to sink: BodySink) async throws(CloudError) -> GetObjectResult {
        if case .memory = sink { return GetObjectResult(info: info, data: body) }
        let target = try S3DownloadTarget(sink, total: Int64(body.count))
        do {
            try await write(body, at: 0, to: target)
            _ = try await BlockingIO.run { _ throws(CloudError) in try target.finish() }
        } catch {
            target.discard()
            throw error
        }
        return GetObjectResult(info: info, data: nil)
    }
}
