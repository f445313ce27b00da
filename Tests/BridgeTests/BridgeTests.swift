import CloudKit
import CloudKitABI
import CloudKitProviderSupport
import Foundation
import Synchronization
import Testing

/// The host's Swift API and the provider kit joined through the C tables in
/// one process (no dlopen): what a caller gives is what the provider gets,
/// and what the provider answers is what the caller sees.
@Suite("Host ↔ ABI ↔ provider bridge")
struct BridgeTests {
    func cloud() async throws -> Cloud {
        let library = try #require(FakeProvider.library)
        return try await Cloud.open(library, options: ["flavour": "plain"])
    }

    static func bucket(_ label: String) -> String { "b-\(label)-\(UUID().uuidString.prefix(8))" }

    @Test("the linked provider is checked like a loaded one")
    func linked() throws {
        let library = try #require(FakeProvider.library)
        #expect(library.name == "fake")
        #expect(library.abiMajor == 1 && library.abiMinor == ABIAgreement.currentMinor)  // the kit speaks the header's minor
        #expect(library.options.map(\.key) == ["flavour"])
    }

    @Test("a put crosses with its metadata (lower-cased), content type, condition and options; head and get return them")
    func putAndGet() async throws {
        let cloud = try await cloud()
        let bucket = Self.bucket("put")
        let info = try await cloud.storage.putObject(PutObjectRequest(
            bucket: bucket, key: "k", body: .bytes(Data("hello".utf8)), contentType: "text/plain", metadata: ["Owner": "Ann"],
            condition: .ifAbsent, options: ["cache_control": "no-cache", "x_fake": "1"]))
        let seen = try #require(FakeStorage.shared.puts(in: bucket).first)
        #expect(seen.condition == .ifAbsent)
        #expect(seen.options == ["cache_control": "no-cache", "x_fake": "1"])
        #expect(seen.metadata == ["owner": "Ann"])
        #expect(info.etag == "\"e5\"")
        #expect(info.lastModified == Date(timeIntervalSince1970: 1_700_000_000))
        #expect(info.properties == ["cache_control": "no-cache", "x_fake": "1"])
        let got = try await cloud.storage.getObject(GetObjectRequest(bucket: bucket, key: "k"))
        #expect(got.data == Data("hello".utf8))
        #expect(got.info == info)
        let again = await #expect(throws: CloudError.self) {
            _ = try await cloud.storage.putObject(PutObjectRequest(bucket: bucket, key: "k", body: .bytes(Data()), condition: .ifAbsent))
        }
        #expect(again?.kind == .preconditionFailed)
        await cloud.close()
    }

    @Test("an error crosses with every field: kind, message, code, HTTP status, request id, retryable, details")
    func errors() async throws {
        let cloud = try await cloud()
        let error = await #expect(throws: CloudError.self) { try await cloud.storage.createBucket("fail-x") }
        #expect(error == CloudError(
            .throttled, "slow down, fail-x", code: "SlowDown", httpStatus: 503, requestID: "req-1", retryable: true,
            detailsJSON: #"{"bucket":"fail-x"}"#))
        await cloud.close()
    }

    @Test("stream bodies cross through the read and write callbacks, with progress")
    func streams() async throws {
        let cloud = try await cloud()
        let bucket = Self.bucket("stream")
        let payload = Data((0..<100).map { UInt8($0) })
        let source = ReaderState(payload)
        let progress = ProgressLog()
        _ = try await cloud.storage.putObject(PutObjectRequest(
            bucket: bucket, key: "s", body: .stream(length: Int64(payload.count), reader: BodyReader { try source.read($0) }),
            progress: { done, total in progress.add(done, total) }))
        #expect(progress.last?.0 == 100 && progress.last?.1 == 100)
        let sink = WriterState()
        _ = try await cloud.storage.getObject(GetObjectRequest(bucket: bucket, key: "s", sink: .stream(BodyWriter { sink.write($0) })))
        #expect(sink.data == payload)
        await cloud.close()
    }

    @Test("listing objects and buckets pages through the codecs")
    func listings() async throws {
        let cloud = try await cloud()
        let bucket = Self.bucket("list")
        for key in ["c", "a", "b"] { _ = try await cloud.storage.putObject(PutObjectRequest(bucket: bucket, key: key, body: .bytes(Data()))) }
        let keys = try await cloud.storage.allObjects(bucket: bucket, pageSize: 2).collect().map(\.key)
        #expect(keys == ["a", "b", "c"])
        let buckets = try await cloud.storage.allBuckets().collect()
        #expect(buckets.map(\.name) == ["alpha", "beta", "gamma"])
        #expect(buckets.first?.identifier == "fake:alpha")
        await cloud.close()
    }

    @Test("an option the provider does not list is refused before the provider is called")
    func refusedOptions() async throws {
        let cloud = try await cloud()
        let bucket = Self.bucket("opts")
        let unsupported = await #expect(throws: CloudError.self) {
            _ = try await cloud.storage.putObject(PutObjectRequest(bucket: bucket, key: "k", body: .bytes(Data()), options: ["storage_class": "X"]))
        }
        #expect(unsupported?.kind == .unsupported)
        let unknown = await #expect(throws: CloudError.self) {
            _ = try await cloud.storage.putObject(PutObjectRequest(bucket: bucket, key: "k", body: .bytes(Data()), options: ["colour": "red"]))
        }
        #expect(unknown?.kind == .invalidArgument)
        #expect(FakeStorage.shared.puts(in: bucket).isEmpty)
        await cloud.close()
    }

    @Test("a service the provider lacks is unsupported; capabilities arrive typed")
    func unsupportedAndCapabilities() async throws {
        let cloud = try await cloud()
        let missing = await #expect(throws: CloudError.self) { try await cloud.kv.deleteTable("t") }
        #expect(missing?.kind == .unsupported)
        let capabilities = try await cloud.capabilities()
        #expect(capabilities.provider == "fake")
        #expect(capabilities.options(service: "storage", operation: "put_object")?.contains("x_fake") == true)
        #expect(capabilities.services["storage"]?.limits["max_object_size"]?.number == 1 << 20)
        await cloud.close()
    }

    @Test("the entries of each table the provider fills are listed by their C names")
    func tableEntries() throws {
        let entries = try #require(FakeProvider.library).tableEntries
        #expect(entries["storage"] == Set(StandardOperations.storage))
        #expect(entries["queue"] == Set(StandardOperations.queue))
        #expect(entries["functions"] == Set(StandardOperations.functions))
    }

    @Test("cancelling the calling task cancels the call in the provider")
    func cancellation() async throws {
        let cloud = try await cloud()
        let storage = cloud.storage
        let call = Task { try await storage.getObject(GetObjectRequest(bucket: "b", key: "wait-for-cancel")) }
        call.cancel()
        let outcome = await call.result
        guard case .failure(let error) = outcome else {
            Issue.record("a cancelled call returned \(outcome)")
            return
        }
        #expect((error as? CloudError)?.kind == .cancelled)
        await cloud.close()
    }
}

/// A body source for the stream test (one reader thread at a time).
final class ReaderState: @unchecked Sendable {
    private var remaining: Data
    init(_ data: Data) { remaining = data }
    func read(_ buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let count = min(buffer.count, remaining.count)
        remaining.prefix(count).copyBytes(to: buffer)
        remaining = remaining.dropFirst(count)
        return count
    }
}

/// A body sink for the stream test (one writer thread at a time).
final class WriterState: @unchecked Sendable {
    private(set) var data = Data()
    func write(_ bytes: UnsafeRawBufferPointer) { data.append(contentsOf: bytes) }
}

/// Progress reports, in order.
final class ProgressLog: Sendable {
    private let reports = Mutex<[(Int64, Int64)]>([])
    func add(_ done: Int64, _ total: Int64) { reports.withLock { $0.append((done, total)) } }
    var last: (Int64, Int64)? { reports.withLock { $0.last } }
    func contains(_ matching: ((Int64, Int64)) -> Bool) -> Bool { reports.withLock { $0.contains(where: matching) } }
}
