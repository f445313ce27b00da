import CloudKit
import CloudKitTestSupport
import Foundation
import Testing

/// The memory provider implements ABI 1.3, so a 1.4 host must not hand it
/// `CK_CONTENT_LENGTH_UNKNOWN`: what `storage put … -` does with a pipe, a
/// body of unknown length, reaches it spooled, with its exact length. The
/// store lives in one process, so this goes through the Swift API (the C
/// host that spools is `C/abi_stream.c`).
@Suite("A body of unknown length on the memory provider", .enabled(if: ProviderFixture.builtProviders.contains("memory")))
struct MemoryUnknownLengthTests {
    @Test("3 MiB from a pipe, of unknown length, is spooled by the host and stored whole; progress says -1 while spooling")
    func pipeIsSpooled() async throws {
        let cloud = try await ProviderFixture.open("memory")
        #expect(cloud.provider.abiMinor == 3)
        let bucket = ProviderFixture.uniqueBucket("mempipe")
        try await cloud.storage.createBucket(bucket)
        let payload = Data((0..<(3 << 20) + 5).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ $0 >> 12) })
        let pipe = Pipe()
        // A writer on its own thread: the pipe fills and drains as a shell pipeline's would.
        Thread.detachNewThread {
            pipe.fileHandleForWriting.write(payload)
            try? pipe.fileHandleForWriting.close()
        }
        let unknownTotals = LockedCounter()
        let info = try await cloud.storage.putObject(PutObjectRequest(
            bucket: bucket, key: "piped", body: .stream(length: nil, reader: BodyReader { buffer in
                let data = pipe.fileHandleForReading.readData(ofLength: buffer.count)
                data.copyBytes(to: buffer)
                return data.count
            }), progress: { _, total in if total == -1 { unknownTotals.advance(by: 1) } }))
        #expect(info.size == Int64(payload.count))
        #expect(unknownTotals.value > 0)
        #expect(try await cloud.storage.getObject(GetObjectRequest(bucket: bucket, key: "piped")).data == payload)
        await cloud.close()
    }
}
