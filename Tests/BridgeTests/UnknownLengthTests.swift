import CCloudKitABI
import CloudKit
import Foundation
import Testing

/// Bodies of unknown length (ABI 1.4) through the C tables: a 1.4 provider
/// gets them as they are; for a provider that announces 1.3 the host spools
/// the body to a temporary file and sends it with its exact length.
@Suite("Bodies of unknown length across the bridge")
struct UnknownLengthTests {
    static func payload(_ count: Int) -> Data { Data((0..<count).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ $0 >> 9) }) }

    /// Puts `payload` as a stream of unknown length into a new bucket; what
    /// the put returned, the length the provider's put saw, and the progress.
    static func putUnknown(_ cloud: Cloud, _ payload: Data, bucket: String) async throws -> (ObjectInfo, Int64??, ProgressLog) {
        let source = ReaderState(payload)
        let progress = ProgressLog()
        let info = try await cloud.storage.putObject(PutObjectRequest(
            bucket: bucket, key: "k", body: .stream(length: nil, reader: BodyReader { try source.read($0) }),
            progress: { done, total in progress.add(done, total) }))
        #expect(info.size == Int64(payload.count))
        #expect(try await cloud.storage.getObject(GetObjectRequest(bucket: bucket, key: "k")).data == payload)
        guard case .stream(let length, _)? = FakeStorage.shared.puts(in: bucket).first?.body else { return (info, nil, progress) }
        return (info, .some(length), progress)
    }

    @Test("a 1.4 provider receives the stream with no length, and progress says total -1")
    func oneFourProvider() async throws {
        let cloud = try await Cloud.open(try #require(FakeProvider.library), options: [:])
        let payload = Self.payload(100_003)
        let (_, length, progress) = try await Self.putUnknown(cloud, payload, bucket: BridgeTests.bucket("unknown"))
        #expect(length == .some(nil), "the provider got \(String(describing: length))")
        #expect(progress.last?.0 == Int64(payload.count) && progress.last?.1 == -1)
        await cloud.close()
    }

    @Test("for a provider announcing 1.3 the host spools the body and sends its exact length; the bytes arrive whole")
    func oneThreeProviderGetsLength() async throws {
        let library = try #require(OneThreeProvider.library)
        #expect(library.abiMinor == 3)
        let cloud = try await Cloud.open(library, options: [:])
        let bucket = BridgeTests.bucket("spool")
        let payload = Self.payload((3 << 20) + 5)
        let (_, length, progress) = try await Self.putUnknown(cloud, payload, bucket: bucket)
        #expect(OneThreeProvider.lengths.withLock { $0[bucket] } == [Int64(payload.count)])
        #expect(length == .some(Int64(payload.count)), "the provider got \(String(describing: length))")
        #expect(progress.contains { $0.1 == -1 }, "spooling reports total -1")
        #expect(progress.last?.0 == Int64(payload.count) && progress.last?.1 == Int64(payload.count))

        // Sent as it is, the unknown length is refused: the table keeps 1.3's rule.
        #expect(OneThreeProvider.kindForUnknownLength() == Int32(CK_ERR_INVALID_ARGUMENT.rawValue))
        // A negative length is not "unknown" in Swift (that is nil): the host refuses it before any provider sees it.
        let negative = await #expect(throws: CloudError.self) {
            _ = try await cloud.storage.putObject(PutObjectRequest(bucket: bucket, key: "negative", body: .stream(length: -1, reader: BodyReader { _ in 0 })))
        }
        #expect(negative?.kind == .invalidArgument)
        #expect(OneThreeProvider.lengths.withLock { $0[bucket] } == [Int64(payload.count)])
        await cloud.close()
    }

    @Test("a reader that fails while the host spools fails the put before the provider is called")
    func spoolFailure() async throws {
        let library = try #require(OneThreeProvider.library)
        let cloud = try await Cloud.open(library, options: [:])
        let bucket = BridgeTests.bucket("spoolfail")
        struct Broken: Error {}
        let calls = Locked(0)
        let error = await #expect(throws: CloudError.self) {
            _ = try await cloud.storage.putObject(PutObjectRequest(bucket: bucket, key: "k", body: .stream(length: nil, reader: BodyReader { buffer in
                let call = calls.withLock { value -> Int in
                    value += 1
                    return value
                }
                guard call < 3 else { throw Broken() }
                buffer.initializeMemory(as: UInt8.self, repeating: 1)
                return buffer.count
            })))
        }
        #expect(error?.kind == .cancelled)
        #expect(OneThreeProvider.lengths.withLock { $0[bucket] } == nil)
        #expect(FakeStorage.shared.puts(in: bucket).isEmpty)
        await cloud.close()
    }
}
