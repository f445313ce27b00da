import CCloudKitABI
import CloudKitABI
import Foundation

/// `ObjectStorage` over a provider's `ck_storage_v1` table: requests are
/// written and results read with the storage codecs of `CloudKitABI`.
final class ABIObjectStorage: ObjectStorage {
    private let client: ClientHandle

    init(client: ClientHandle) {
        self.client = client
    }

    /// The entry `path` of the table, and the open client; `unsupported` when absent.
    private func entry<Entry>(_ path: KeyPath<ck_storage_v1, Entry?>, _ name: String) throws(CloudError) -> (Entry, OpaquePointer) {
        try client.entry(client.library.storage, path, service: "object storage", name: name)
    }

    /// The completion for entries that yield an object info.
    private static let infoCallback: ck_object_info_fn = { userData, status, info in
        if let error = ABIStatus.error(status) {
            ABICompletion<ObjectInfo>.finish(userData, .failure(error))
        } else {
            ABICompletion<ObjectInfo>.finish(userData, Result { () throws(CloudError) in try ObjectInfoCodec.read(info) })
        }
    }

    func createBucket(_ bucket: String) async throws(CloudError) {
        let (entry, client) = try entry(\.create_bucket, "create_bucket")
        try await ABICompletion<Void>.perform(cancellingWith: self.client) { entry(client, bucket, ABICallbacks.done, $0) }
    }

    func deleteBucket(_ bucket: String) async throws(CloudError) {
        let (entry, client) = try entry(\.delete_bucket, "delete_bucket")
        try await ABICompletion<Void>.perform(cancellingWith: self.client) { entry(client, bucket, ABICallbacks.done, $0) }
    }

    /// A stream body of unknown length goes to a provider of ABI 1.4 or
    /// later as it is; for an older one it is spooled first (`BodySpool`).
    func putObject(_ request: PutObjectRequest) async throws(CloudError) -> ObjectInfo {
        _ = try entry(\.put_object, "put_object")
        let (request, spool) = try await BodySpool.prepare(request, providerMinor: client.library.abiMinor)
        let (entry, client) = try entry(\.put_object, "put_object")
        let callbacks = HostBodyCallbacks()
        let arena = CArena()
        let call = PutObjectRequestCodec.write(request, arena, callbacks)
        var bytes = Data()
        if case .bytes(let data) = request.body { bytes = data }
        // The provider copies in-memory bytes before put_object returns, so
        // borrowing them for the synchronous part of the call is enough.
        let keepAlive: [AnyObject] = [callbacks, arena] + (spool.map { [$0] } ?? [])
        return try await ABICompletion<ObjectInfo>.perform(cancellingWith: self.client, keepAlive: keepAlive) { userData in
            bytes.withUnsafeBytes { buffer in
                var withBody = call
                withBody.data = buffer.baseAddress?.assumingMemoryBound(to: UInt8.self)
                withBody.data_length = buffer.count
                withUnsafePointer(to: withBody) { entry(client, $0, Self.infoCallback, userData) }
            }
        }
    }

    func getObject(_ request: GetObjectRequest) async throws(CloudError) -> GetObjectResult {
        let (entry, client) = try entry(\.get_object, "get_object")
        let callbacks = HostBodyCallbacks()
        let arena = CArena()
        // A provider of 1.6 or later reads a body into memory the host lends, so the host need not copy it.
        let call = GetObjectRequestCodec.write(
            request, arena, callbacks, lendMemory: ABIAgreement.lendsBodyMemory(providerMinor: self.client.library.abiMinor))
        let result = try await ABICompletion<GetObjectResult>.perform(cancellingWith: self.client, keepAlive: [callbacks, arena]) { userData in
            withUnsafePointer(to: call) {
                entry(client, $0, { userData, status, info, data, length in
                    if let error = ABIStatus.error(status) {
                        ABICompletion<GetObjectResult>.finish(userData, .failure(error))
                        return
                    }
                    ABICompletion<GetObjectResult>.finish(userData) { keptAlive in
                        Result { () throws(CloudError) in
                            let callbacks = keptAlive.first as? HostBodyCallbacks
                            let body = data.map { callbacks?.body($0, count: length) ?? HostBodyMemory.copy($0, count: length) }
                            return GetObjectResult(info: try ObjectInfoCodec.read(info), data: body)
                        }
                    }
                }, userData)
            }
        }
        // A `.memory` read always has data (empty for an empty object); other sinks have none.
        guard case .memory = request.sink else { return GetObjectResult(info: result.info, data: nil) }
        return GetObjectResult(info: result.info, data: result.data ?? Data())
    }

    func headObject(bucket: String, key: String) async throws(CloudError) -> ObjectInfo {
        let (entry, client) = try entry(\.head_object, "head_object")
        return try await ABICompletion<ObjectInfo>.perform(cancellingWith: self.client) { entry(client, bucket, key, Self.infoCallback, $0) }
    }

    func deleteObject(bucket: String, key: String) async throws(CloudError) {
        let (entry, client) = try entry(\.delete_object, "delete_object")
        try await ABICompletion<Void>.perform(cancellingWith: self.client) { entry(client, bucket, key, ABICallbacks.done, $0) }
    }

    func listObjects(_ request: ListObjectsRequest) async throws(CloudError) -> ObjectListing {
        let (entry, client) = try entry(\.list_objects, "list_objects")
        let arena = CArena()
        let call = ObjectListingCodec.write(request, arena)
        return try await ABICompletion<ObjectListing>.perform(cancellingWith: self.client, keepAlive: [arena]) { userData in
            withUnsafePointer(to: call) {
                entry(client, $0, { userData, status, result in
                    if let error = ABIStatus.error(status) {
                        ABICompletion<ObjectListing>.finish(userData, .failure(error))
                    } else {
                        ABICompletion<ObjectListing>.finish(userData, Result { () throws(CloudError) in try ObjectListingCodec.read(result) })
                    }
                }, userData)
            }
        }
    }

    func copyObject(_ request: CopyObjectRequest) async throws(CloudError) -> ObjectInfo {
        let (entry, client) = try entry(\.copy_object, "copy_object")
        let arena = CArena()
        let call = CopyObjectRequestCodec.write(request, arena)
        return try await ABICompletion<ObjectInfo>.perform(cancellingWith: self.client, keepAlive: [arena]) { userData in
            withUnsafePointer(to: call) { entry(client, $0, Self.infoCallback, userData) }
        }
    }

    func presign(_ request: PresignRequest) async throws(CloudError) -> String {
        let (entry, client) = try entry(\.presign, "presign")
        let arena = CArena()
        let call = PresignRequestCodec.write(request, arena)
        return try await ABICompletion<String>.perform(cancellingWith: self.client, keepAlive: [arena]) { userData in
            withUnsafePointer(to: call) { entry(client, $0, ABICallbacks.string, userData) }
        }
    }

    func listBuckets(_ request: ListResourcesRequest) async throws(CloudError) -> ResourcePage {
        let (entry, client) = try entry(\.list_buckets, "list_buckets")
        return try await self.client.listResources(entry, client, request)
    }
}
