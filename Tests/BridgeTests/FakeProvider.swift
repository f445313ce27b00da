import CCloudKitABI
import CloudKit
import CloudKitProviderSupport
import Foundation
import Synchronization

/// A provider written with the provider kit, linked into the test process:
/// object storage in memory that records what reached it, so a test can see
/// exactly what crossed host → C tables → provider and back.
enum FakeProvider: ProviderDefinition {
    static let name = "fake"
    static let version = "1.0.0"
    static let summary = "in-memory object storage for the bridge tests"
    static let options = [ProviderOption("flavour", "ignored; proves client options cross")]
    static var capabilities: ProviderCapabilities {
        ProviderCapabilities(provider: name, abi: StandardOperations.abiVersion, services: [
            CapabilityService.storage: .all(
                StandardOperations.storage,
                options: ["put_object": ["cache_control", "if_none_match", "if_match", "x_fake"], "get_object": ["if_match"]],
                limits: ["max_object_size": .number(1 << 20)]),
        ])
    }

    static func open(options: [String: String], logger: ProviderLogger) throws(CloudError) -> any ProviderClient {
        FakeClient(flavour: options["flavour"])
    }

    /// The C entry point, as a provider library would export it.
    static let initialize: ck_provider_init_fn = { host in ProviderTable.make(for: FakeProvider.self, host: host) }

    /// The linked provider, initialised once for the whole test process.
    static let library: ProviderLibrary? = try? ProviderLibrary.linked(initialize, label: "fake (linked)")

    /// `ck_storage_v1.delete_object`.
    typealias DeleteObjectEntry = @convention(c) (OpaquePointer?, UnsafePointer<CChar>?, UnsafePointer<CChar>?, ck_done_fn?, UnsafeMutableRawPointer?) -> Void

    /// The fake's tables with its storage table's `delete_object` replaced by
    /// `deleteObject`: for a fake that breaks or bends one rule, from its own
    /// `ck_provider_init_fn`. The copies live as long as the process.
    static func tables(_ host: UnsafePointer<ck_host>?, deleteObject: DeleteObjectEntry) -> UnsafePointer<ck_provider>? {
        guard let base = initialize(host), let storage = base.pointee.storage else { return nil }
        let table = UnsafeMutablePointer<ck_storage_v1>.allocate(capacity: 1)
        table.initialize(to: storage.pointee)
        table.pointee.delete_object = deleteObject
        let provider = UnsafeMutablePointer<ck_provider>.allocate(capacity: 1)
        provider.initialize(to: base.pointee)
        provider.pointee.storage = UnsafePointer(table)
        return UnsafePointer(provider)
    }
}

struct FakeClient: ProviderClient {
    let flavour: String?
    var storage: (any ObjectStorage)? { FakeStorage.shared }
}

/// The fake's storage. Every call is recorded by bucket, so parallel tests
/// (each with its own bucket) do not see each other.
final class FakeStorage: ObjectStorage, Sendable {
    static let shared = FakeStorage()

    struct Stored: Sendable {
        var bytes: Data
        var info: ObjectInfo
    }

    private let objects = Mutex<[String: Stored]>([:])
    private let requests = Mutex<[String: [PutObjectRequest]]>([:])

    /// The put requests that reached the provider for `bucket`, in order.
    func puts(in bucket: String) -> [PutObjectRequest] { requests.withLock { $0[bucket] ?? [] } }

    private func address(_ bucket: String, _ key: String) -> String { "\(bucket)/\(key)" }

    func createBucket(_ bucket: String) async throws(CloudError) {
        if bucket.hasPrefix("fail-") {
            throw CloudError(
                .throttled, "slow down, \(bucket)", code: "SlowDown", httpStatus: 503, requestID: "req-1", retryable: true,
                detailsJSON: #"{"bucket":"\#(bucket)"}"#)
        }
    }

    func deleteBucket(_ bucket: String) async throws(CloudError) {}

    func putObject(_ request: PutObjectRequest) async throws(CloudError) -> ObjectInfo {
        requests.withLock { $0[request.bucket, default: []].append(request) }
        var bytes = Data()
        switch request.body {
        case .bytes(let data): bytes = data
        case .file(let path):
            guard let data = FileManager.default.contents(atPath: path) else { throw CloudError(.notFound, "no file \(path)") }
            bytes = data
        case .stream(let length, let reader):
            var buffer = [UInt8](repeating: 0, count: 7)
            while true {
                let count: Int
                do {
                    count = try buffer.withUnsafeMutableBytes { try reader.read($0) }
                } catch let error as CloudError {
                    throw error
                } catch {
                    throw .internal("\(error)")
                }
                if count == 0 { break }
                bytes.append(contentsOf: buffer[0..<count])
                request.progress?(Int64(bytes.count), length ?? -1)
            }
        }
        let info = ObjectInfo(
            bucket: request.bucket, key: request.key, size: Int64(bytes.count), etag: "\"e\(bytes.count)\"", contentType: request.contentType,
            lastModified: Date(timeIntervalSince1970: 1_700_000_000), metadata: request.metadata, properties: request.options)
        try objects.withLock { (objects: inout [String: Stored]) throws(CloudError) in
            let current = objects[address(request.bucket, request.key)]
            switch request.condition {
            case .ifAbsent? where current != nil: throw CloudError(.preconditionFailed, "exists", code: "PreconditionFailed", httpStatus: 412)
            case .ifMatch(let etag)? where current?.info.etag != etag: throw CloudError(.preconditionFailed, "etag", code: "PreconditionFailed")
            default: break
            }
            objects[address(request.bucket, request.key)] = Stored(bytes: bytes, info: info)
        }
        return info
    }

    func getObject(_ request: GetObjectRequest) async throws(CloudError) -> GetObjectResult {
        if request.key == "wait-for-cancel" {
            // Holds no thread: sleeps until the host cancels the call (then throws cancelled).
            while !Task.isCancelled { try? await Task.sleep(nanoseconds: 5_000_000) }
            throw CloudError(.cancelled, "cancelled while waiting")
        }
        let stored = try stored(request.bucket, request.key)
        switch request.sink {
        case .memory: return GetObjectResult(info: stored.info, data: stored.bytes)
        case .file(let path):
            guard FileManager.default.createFile(atPath: path, contents: stored.bytes) else { throw .internal("cannot write \(path)") }
            return GetObjectResult(info: stored.info, data: nil)
        case .stream(let writer):
            for chunk in stride(from: 0, to: stored.bytes.count, by: 3) {
                let piece = stored.bytes[chunk..<min(chunk + 3, stored.bytes.count)]
                do {
                    try piece.withUnsafeBytes { try writer.write($0) }
                } catch let error as CloudError {
                    throw error
                } catch {
                    throw .internal("\(error)")
                }
            }
            return GetObjectResult(info: stored.info, data: nil)
        }
    }

    func stored(_ bucket: String, _ key: String) throws(CloudError) -> Stored {
        guard let stored = objects.withLock({ $0[address(bucket, key)] }) else {
            throw CloudError(.notFound, "no \(key) in \(bucket)", code: "NoSuchKey", httpStatus: 404)
        }
        return stored
    }

    func headObject(bucket: String, key: String) async throws(CloudError) -> ObjectInfo { try stored(bucket, key).info }

    func deleteObject(bucket: String, key: String) async throws(CloudError) {
        _ = objects.withLock { $0.removeValue(forKey: address(bucket, key)) }
    }

    func listObjects(_ request: ListObjectsRequest) async throws(CloudError) -> ObjectListing {
        let keys = objects.withLock { objects in
            objects.values.filter { $0.info.bucket == request.bucket && $0.info.key.hasPrefix(request.prefix ?? "") }.map(\.info)
        }.sorted { $0.key < $1.key }
        let start = request.pageToken.flatMap(Int.init) ?? 0
        let size = request.maxKeys == 0 ? 1000 : request.maxKeys
        let page = keys.dropFirst(start).prefix(size)
        let next = start + page.count < keys.count ? String(start + page.count) : nil
        return ObjectListing(
            objects: page.map { ObjectSummary(key: $0.key, size: $0.size, etag: $0.etag, lastModified: $0.lastModified) }, nextPageToken: next)
    }

    func copyObject(_ request: CopyObjectRequest) async throws(CloudError) -> ObjectInfo {
        let source = try stored(request.sourceBucket, request.sourceKey)
        return try await putObject(PutObjectRequest(
            bucket: request.bucket, key: request.key, body: .bytes(source.bytes), contentType: source.info.contentType,
            metadata: source.info.metadata, options: request.options))
    }

    func presign(_ request: PresignRequest) async throws(CloudError) -> String {
        "fake://\(request.bucket)/\(request.key)?method=\(request.method.rawValue)&expires=\(request.expiresSeconds)"
    }

    func listBuckets(_ request: ListResourcesRequest) async throws(CloudError) -> ResourcePage {
        let names = ["alpha", "beta", "gamma"].filter { $0.hasPrefix(request.prefix ?? "") }
        let start = request.pageToken.flatMap(Int.init) ?? 0
        let page = names.dropFirst(start).prefix(request.maxItems == 0 ? 2 : request.maxItems)
        let next = start + page.count < names.count ? String(start + page.count) : nil
        return ResourcePage(items: page.map { ResourceSummary(name: $0, identifier: "fake:\($0)") }, nextPageToken: next)
    }
}
