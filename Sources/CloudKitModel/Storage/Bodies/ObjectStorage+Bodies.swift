import Foundation

extension BodySource {
    /// A body pulled from `chunks`, an `AsyncSequence` of byte chunks
    /// (`Data`, `[UInt8]`, …) bringing exactly `length` bytes, in bounded
    /// memory (see `AsyncBodyReader`, which this wraps).
    public static func chunks<Chunks: AsyncSequence & Sendable>(
        _ chunks: Chunks, length: Int64, bufferLimit: Int = AsyncBodyReader.defaultBufferLimit
    ) -> BodySource where Chunks.Element: DataProtocol {
        AsyncBodyReader(chunks, length: length, bufferLimit: bufferLimit).body
    }
}

extension ObjectStorage {
    /// Reads an object as it arrives: its description, and its bytes as an
    /// `ObjectBody` (an `AsyncSequence` of `Data` chunks) with backpressure,
    /// at most `bufferLimit` bytes waiting for the consumer (see `ObjectBody`).
    ///
    /// The description comes from a head of the object; the read that
    /// follows is pinned to its ETag (`if_match`, unless the request has
    /// one), so the bytes are that version's or the read fails with
    /// `precondition failed`. This returns once the first bytes (or the end)
    /// are there, so a read that cannot start (not found, a failed
    /// condition) throws here; later failures are thrown by the iteration.
    /// The request's sink is replaced; its range, options and progress
    /// handler apply. Cancelling the calling task before this returns
    /// cancels the read.
    public func getObjectBody(
        _ request: GetObjectRequest, bufferLimit: Int = ObjectBody.defaultBufferLimit
    ) async throws(CloudError) -> (info: ObjectInfo, body: ObjectBody) {
        let info = try await headObject(bucket: request.bucket, key: request.key)
        var get = request
        if get.options[ObjectOptionKey.ifMatch] == nil, let etag = info.etag { get.options[ObjectOptionKey.ifMatch] = etag }
        let pipe = ChunkPipe(limit: bufferLimit)
        get.sink = .stream(BodyWriter { bytes in try pipe.pushBlocking(Data(bytes)) })
        let download = Task {
            do throws(CloudError) {
                _ = try await getObject(get)
                pipe.finish(nil)
            } catch {
                pipe.finish(error)
            }
        }
        let body = ObjectBody(pipe: pipe, onAbandon: { download.cancel() })
        try await pipe.ready()
        return (info, body)
    }
}
