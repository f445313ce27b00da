import CloudKit
@testable import CloudKitModel
import CloudKitTestSupport
import Foundation
import Testing

/// Object bodies as async sequences through the host (`Cloud`), on every
/// provider: `BodySource.chunks` / `AsyncBodyReader` for puts,
/// `getObjectBody` for gets. Memory is checked as the most bytes buffered
/// at once (the pipes' high-water marks), not the process's size. Waits
/// are for events; hang guards only catch a hang.
@Suite("Object bodies as async sequences")
struct ObjectBodyConformanceTests {
    /// Past the AWS provider's multipart threshold (8 MiB), so a put goes up in parts there.
    static let size = 9 << 20
    static let data = Data((0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 16) })
    static let limit = 256 << 10

    func withObject(_ provider: String, _ label: String, _ body: (Cloud, String) async throws -> Void) async throws {
        try await ProviderFixture.withBucket(provider, label) { cloud, bucket in
            _ = try await cloud.storage.putObject(PutObjectRequest(bucket: bucket, key: "big.bin", body: .bytes(Self.data)))
            try await body(cloud, bucket)
        }
    }

    @Test("a multi-MB object put from an async sequence and read back as one, in bounded memory", arguments: ProviderFixture.providers)
    func roundTrip(provider: String) async throws {
        try await ProviderFixture.withBucket(provider, "seq") { cloud, bucket in
            let reader = AsyncBodyReader(DataPieces(Self.data, piece: 100_000), length: Int64(Self.size), bufferLimit: Self.limit)
            let put = try await hangGuard("the put") {
                try await cloud.storage.putObject(PutObjectRequest(bucket: bucket, key: "seq.bin", body: reader.body, contentType: "application/x-test"))
            }
            #expect(put.size == Int64(Self.size))
            #expect(reader.peakBufferedBytes > 0)
            #expect(reader.peakBufferedBytes <= Self.limit, "at most the limit waited for the provider")

            let (info, body) = try await cloud.storage.getObjectBody(GetObjectRequest(bucket: bucket, key: "seq.bin"), bufferLimit: Self.limit)
            #expect(info.size == Int64(Self.size))
            #expect(info.contentType == "application/x-test")
            let received = try await hangGuard("reading the body") {
                var received = Data()
                for try await chunk in body { received.append(chunk) }
                return received
            }
            #expect(received == Self.data)
            // A provider's piece always fits an empty buffer: the local provider's are 1 MiB.
            #expect(body.pipe.peakBufferedBytes <= max(Self.limit, 1 << 20), "at most the limit (or one piece) waited for the consumer")
        }
    }

    @Test("breaking out of the iteration cancels the download, which ends; the client carries on", arguments: ProviderFixture.providers)
    func abandonedMidStream(provider: String) async throws {
        try await withObject(provider, "abandon") { cloud, bucket in
            let pipe = try await Self.readFirstChunkAndLeave(cloud, bucket)
            let end = try await hangGuard("the abandoned download") { await pipe.ended() }
            guard case .failed(let error) = end else {
                Issue.record("the download was not cancelled: \(end)")
                return
            }
            #expect(error.kind == .cancelled, "\(error)")
            #expect(pipe.peakBufferedBytes <= max(Self.limit, 1 << 20))
            let again = try await cloud.storage.getObject(GetObjectRequest(bucket: bucket, key: "big.bin"))
            #expect(again.data == Self.data)
        }
    }

    /// Starts reading `big.bin`, takes one chunk, and drops the body: the pipe, to watch the download end.
    static func readFirstChunkAndLeave(_ cloud: Cloud, _ bucket: String) async throws -> ChunkPipe {
        let (_, body) = try await cloud.storage.getObjectBody(GetObjectRequest(bucket: bucket, key: "big.bin"), bufferLimit: limit)
        for try await chunk in body {
            #expect(!chunk.isEmpty)
            break
        }
        return body.pipe
    }

    @Test("cancelling the body mid-stream: the next read throws cancelled and the download ends", arguments: ProviderFixture.providers)
    func cancelledMidStream(provider: String) async throws {
        try await withObject(provider, "cancel") { cloud, bucket in
            let (_, body) = try await cloud.storage.getObjectBody(GetObjectRequest(bucket: bucket, key: "big.bin"), bufferLimit: Self.limit)
            var iterator = body.makeAsyncIterator()
            let first = try await iterator.next()
            #expect(first?.isEmpty == false)
            body.cancel()
            let error = await failure { try await iterator.next() }
            #expect(error?.kind == .cancelled)
            let end = try await hangGuard("the cancelled download") { await body.pipe.ended() }
            #expect(end != .finished)
        }
    }

    @Test("failures are CloudErrors: missing object, failed condition, short sequence, failing sequence", arguments: ProviderFixture.providers)
    func failures(provider: String) async throws {
        try await withObject(provider, "fail") { cloud, bucket in
            let missing = await failure { try await cloud.storage.getObjectBody(GetObjectRequest(bucket: bucket, key: "missing")) }
            #expect(missing?.kind == .notFound)

            let etag = try #require(try await cloud.storage.headObject(bucket: bucket, key: "big.bin").etag)
            let unchanged = await failure {
                try await cloud.storage.getObjectBody(GetObjectRequest(bucket: bucket, key: "big.bin", options: [ObjectOptionKey.ifNoneMatch: etag]))
            }
            #expect(unchanged?.kind == .preconditionFailed, "\(String(describing: unchanged))")

            let short = await failure {
                try await cloud.storage.putObject(PutObjectRequest(
                    bucket: bucket, key: "short", body: .chunks(DataPieces(Data(count: 1000), piece: 100), length: 2000)))
            }
            #expect(short?.kind == .invalidArgument, "\(String(describing: short))")

            let broken = AsyncBodyReader(BrokenChunks(), length: 1000)
            let refused = await failure { try await cloud.storage.putObject(PutObjectRequest(bucket: bucket, key: "broken", body: broken.body)) }
            #expect(refused != nil)
            #expect(broken.failure?.code == "SequenceBroke")
            let absent = await failure { try await cloud.storage.headObject(bucket: bucket, key: "broken") }
            #expect(absent?.kind == .notFound, "a failed put stores nothing")
        }
    }
}
