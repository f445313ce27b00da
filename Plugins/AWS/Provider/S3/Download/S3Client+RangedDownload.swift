import AWSAuth
import AWSHTTP
import CloudKitModel
import CloudKitProviderSupport
import Foundation

/// Whole-object downloads in ranged parts, as the AWS CLI and the CRT do:
/// the first request asks for the first part only, so a small object still
/// takes one GET; a larger one brings the rest in parallel
/// (`multipart.partSize` each, `multipart.concurrency` at once), every part
/// pinned to the first reply's ETag with `If-Match`, so an object replaced
/// mid-download fails (`precondition failed`) instead of mixing versions.
/// To memory or a file, each later part is written in its final place as it
/// arrives (`S3DownloadTarget`): into one buffer sized from the object, or
/// into the temporary file, so no part is held in memory on its own. To a
/// stream, each part is fetched into a buffer of its own (at most
/// `streamPartSize`) and handed to the writer in order once the parts
/// before it are (`S3PartOrder`), so at most `concurrency` parts are held
/// at a time; a part whose reply is cut off is fetched again whole, and the
/// writer never sees a byte twice.
extension S3Client {
    /// The largest part of a download to a stream: 4 MiB, so the parts held
    /// for the writer stay small (4 at once by default).
    static let streamPartSize: Int64 = 4 << 20

    /// Downloads the whole of `request`'s object (`request.range` is nil);
    /// the first request carries `conditions`.
    func getInParts(_ request: GetObjectRequest, conditions: [HTTPHeader]) async throws(CloudError) -> GetObjectResult {
        var partSize = multipart.partSize
        if case .stream = request.sink { partSize = min(partSize, Self.streamPartSize) }
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
        let progress = request.progress.map { PartProgress(total: total, report: $0) }
        if case .stream(let writer) = request.sink {
            try await write(response.body, to: writer)
            progress?.update(part: 1, done: Int64(response.body.count))
            try await streamRest(
                request, from: Int64(response.body.count), total: total, partSize: partSize, etag: info.etag, writer: writer, progress: progress)
            return GetObjectResult(info: info, data: nil)
        }
        let target = try S3DownloadTarget(request.sink, total: total, memory: request.memory)
        // The buffer's pages are faulted in beside the download, not by the loop thread writing the parts.
        let prefault = Task { try? await BlockingIO.run { flag in target.prefault(flag) } }
        do {
            try await write(response.body, at: 0, to: target)
            progress?.update(part: 1, done: Int64(response.body.count))
            try await laterParts(from: Int64(response.body.count), total: total, partSize: partSize, progress: progress) { _, range throws(CloudError) in
                try await self.getRange(request, range: range, etag: info.etag, placement: target.placement(at: range.lowerBound))
            }
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

    /// Runs `fetch` for each later part of the object (part 1 came before):
    /// its bytes from `start` to `total`, `partSize` each,
    /// `multipart.concurrency` at once, each reported to `progress` once
    /// fetched.
    private func laterParts(
        from start: Int64, total: Int64, partSize: Int64, progress: PartProgress?,
        _ fetch: @escaping @Sendable (Int, ClosedRange<Int64>) async throws(CloudError) -> Void
    ) async throws(CloudError) {
        _ = try await S3PartScheduler.run(
            count: Int((total - start + partSize - 1) / partSize), concurrency: multipart.concurrency,
            prepare: { index throws(CloudError) -> ClosedRange<Int64> in
                let first = start + Int64(index - 1) * partSize
                return first...(min(first + partSize, total) - 1)
            },
            send: { index, range throws(CloudError) -> String in
                try await fetch(index, range)
                progress?.update(part: index + 1, done: Int64(range.count))
                return ""
            })
    }

    /// The object's bytes from `start` to `total` in parts of `partSize`,
    /// each pinned to `etag`, handed to `writer` in order.
    private func streamRest(
        _ request: GetObjectRequest, from start: Int64, total: Int64, partSize: Int64, etag: String?, writer: BodyWriter, progress: PartProgress?
    ) async throws(CloudError) {
        let order = S3PartOrder()
        let buffers = S3DownloadParts(partSize: partSize)
        try await laterParts(from: start, total: total, partSize: partSize, progress: progress) { index, range throws(CloudError) in
            let buffer = try buffers.take()
            defer { buffers.give(buffer) }
            try await self.getRange(request, range: range, etag: etag, placement: ReplyPlacement(buffer, at: 0))
            try await order.turn(index)
            try await self.write(buffer, count: Int(range.count), to: writer)
            order.done(index)
        }
    }

    /// Hands `bytes` to a stream's writer (see `handOn`).
    private func write(_ bytes: Data, to writer: BodyWriter) async throws(CloudError) {
        guard !bytes.isEmpty else { return }
        try await BlockingIO.run(.transfers) { flag throws(CloudError) in
            let outcome = bytes.withUnsafeBytes { all in Result { () throws(CloudError) in try Self.handOn(all, to: writer, flag) } }
            try outcome.get()
        }
    }

    /// Hands the first `count` bytes of `buffer` to a stream's writer (see `handOn`).
    private func write(_ buffer: DownloadBuffer, count: Int, to writer: BodyWriter) async throws(CloudError) {
        try await BlockingIO.run(.transfers) { flag throws(CloudError) in
            try buffer.withBytes(count) { bytes throws(CloudError) in try Self.handOn(bytes, to: writer, flag) }
        }
    }

    /// Hands `bytes` to `writer` (on a thread that may block in it) in pieces
    /// of at most `HTTPTransportOptions.bulkBufferSize` — what a single GET's
    /// writer gets — so a host that buffers what it is handed holds no more
    /// than it would then.
    private static func handOn(_ bytes: UnsafeRawBufferPointer, to writer: BodyWriter, _ flag: CancellationFlag) throws(CloudError) {
        var offset = 0
        while offset < bytes.count {
            try flag.check()
            let end = min(offset + HTTPTransportOptions.bulkBufferSize, bytes.count)
            try writer.deliver(UnsafeRawBufferPointer(rebasing: bytes[offset..<end]))
            offset = end
        }
    }

    /// `range` of the object, pinned to `etag`, written in place as
    /// `placement` says; exactly that many bytes. A retried part overwrites
    /// the same bytes.
    private func getRange(_ request: GetObjectRequest, range: ClosedRange<Int64>, etag: String?, placement: ReplyPlacement) async throws(CloudError) {
        let asked = ByteRange(start: range.lowerBound, end: range.upperBound)
        var call = Call(
            method: "GET", bucket: request.bucket, key: request.key, timeLimit: .transfer, replyCheck: S3ReplyRange.check(asked: asked))
        call.headers.append(HTTPHeader("Range", asked.httpHeaderValue))
        if let etag { call.headers.append(HTTPHeader("If-Match", etag)) }
        call.placement = placement
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
        switch sink {
        case .memory: return GetObjectResult(info: info, data: body)
        case .stream(let writer):
            try await write(body, to: writer)
            return GetObjectResult(info: info, data: nil)
        case .file: break
        }
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
