@testable import CloudKitModel
import CloudKitTestSupport
import Foundation
import Testing

/// The pipe under `ObjectBody` and `AsyncBodyReader`: a blocking side on a
/// thread of its own (as a provider's), a suspending side in a task. Waits
/// are for events; hang guards only catch a hang.
@Suite("Chunk pipe")
struct ChunkPipeTests {
    static func pattern(_ count: Int) -> Data { Data((0..<count).map { UInt8($0 % 251) }) }

    /// Pushes `data` in `piece`-byte pieces from a thread of its own, then finishes; `ended` gets the push error, if any.
    static func produce(_ data: Data, piece: Int, into pipe: ChunkPipe, ended: Handoff<CloudError?>) {
        Thread.detachNewThread {
            do throws(CloudError) {
                var offset = 0
                while offset < data.count {
                    let end = min(data.count, offset + piece)
                    try pipe.pushBlocking(data.subdata(in: offset..<end))
                    offset = end
                }
                pipe.finish(nil)
                ended.deliver(nil)
            } catch {
                ended.deliver(error)
            }
        }
    }

    @Test("a blocking producer and a suspending consumer move every byte, never more than the limit waiting")
    func boundedHandOff() async throws {
        let data = Self.pattern(3 << 20)
        let pipe = ChunkPipe(limit: 256 << 10)
        let ended = Handoff<CloudError?>()
        Self.produce(data, piece: 16 << 10, into: pipe, ended: ended)
        let received = try await hangGuard("the hand-off") {
            var received = Data()
            while let chunk = try await pipe.pop() { received.append(chunk) }
            return received
        }
        #expect(received == data)
        #expect(try await hangGuard("the producer") { await ended.value } == nil)
        #expect(pipe.peakBufferedBytes <= 256 << 10)
        #expect(pipe.peakBufferedBytes > 0)
    }

    @Test("a piece larger than the limit still goes through an empty pipe")
    func largePiece() async throws {
        let pipe = ChunkPipe(limit: 10)
        try pipe.pushBlocking(Self.pattern(100))
        #expect(try await pipe.pop() == Self.pattern(100))
    }

    @Test("a consumer cancelled while it waits throws cancelled, and pushes fail from then on")
    func cancelledConsumer() async throws {
        let pipe = ChunkPipe(limit: 1024)
        let consumer = Task { await failure { try await pipe.pop() } }
        consumer.cancel()
        let error = try await hangGuard("the cancelled consumer") { await consumer.value }
        #expect(error?.kind == .cancelled)
        #expect(throws: CloudError.self) { try pipe.pushBlocking(Data([1])) }
    }

    @Test("abandoning wakes a producer blocked on a full pipe; its push fails with cancelled")
    func abandonWakesProducer() async throws {
        let pipe = ChunkPipe(limit: 1024)
        let ended = Handoff<CloudError?>()
        // Pieces of 1 KiB: the second cannot fit while the first waits.
        Self.produce(Self.pattern(4096), piece: 1024, into: pipe, ended: ended)
        try await pipe.ready()
        pipe.abandon()
        let pushError = try await hangGuard("the blocked producer") { await ended.value }
        #expect(pushError?.kind == .cancelled)
    }

    @Test("the producer's error comes after the chunks it pushed, once; then the end")
    func failureAfterChunks() async throws {
        let pipe = ChunkPipe(limit: 1 << 20)
        try pipe.pushBlocking(Self.pattern(10))
        pipe.finish(CloudError(.network, "cut off"))
        #expect(try await pipe.pop() == Self.pattern(10))
        await #expect(throws: CloudError.self) { try await pipe.pop() }
        #expect(try await pipe.pop() == nil)
        #expect(await pipe.ended() == .failed(CloudError(.network, "cut off")))
    }

    @Test("a blocking reader gets the bytes an async sequence brings, in pieces of its buffer")
    func readerOverSequence() async throws {
        let data = Self.pattern(1 << 20)
        let reader = AsyncBodyReader(DataPieces(data, piece: 100_000), length: Int64(data.count), bufferLimit: 128 << 10)
        guard case .stream(let length, let bodyReader) = reader.body else {
            Issue.record("not a stream body")
            return
        }
        #expect(length == Int64(data.count))
        let read = try await hangGuard("reading the body on a thread of its own") { try await Self.readAll(bodyReader, buffer: 50_000) }
        #expect(read == data)
        #expect(reader.peakBufferedBytes <= 128 << 10)
        #expect(reader.failure == nil)
    }

    @Test("a sequence that throws fails the read with its error, kept in failure; cancel wakes a waiting read")
    func readerFailures() async throws {
        let failing = AsyncBodyReader(BrokenChunks(), length: 10)
        guard case .stream(_, let failingReader) = failing.body else { return }
        let error = try await hangGuard("the failing read") { await failure { try await Self.readAll(failingReader, buffer: 10) } }
        #expect(error?.code == "SequenceBroke")
        #expect(failing.failure?.code == "SequenceBroke")

        let (stream, continuation) = AsyncStream<Data>.makeStream()
        let stalled = AsyncBodyReader(stream, length: 10)
        guard case .stream(_, let stalledReader) = stalled.body else { return }
        let reading = Task { await failure { try await Self.readAll(stalledReader, buffer: 10) } }
        continuation.yield(Data([1]))
        stalled.cancel()
        let cancelled = try await hangGuard("the cancelled read") { await reading.value }
        #expect(cancelled?.kind == .cancelled)
        continuation.finish()
    }

    /// Reads `reader` to its end on a thread of its own (it blocks).
    static func readAll(_ reader: BodyReader, buffer size: Int) async throws -> Data {
        let result = Handoff<Result<Data, CloudError>>()
        Thread.detachNewThread {
            var data = Data()
            var buffer = Data(count: size)
            do throws(CloudError) {
                while true {
                    let count = try buffer.withMutableBytes { bytes throws(CloudError) in try reader.checkedRead(into: bytes) }
                    if count == 0 { break }
                    data.append(buffer.prefix(count))
                }
                result.deliver(.success(data))
            } catch {
                result.deliver(.failure(error))
            }
        }
        return try await result.value.get()
    }
}
