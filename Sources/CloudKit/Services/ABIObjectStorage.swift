import CCloudKitABI
import CloudKitCInterop
import Foundation

/// `ObjectStorage` over a provider's `ck_storage_v1` table.
final class ABIObjectStorage: ObjectStorage {
    private let client: ClientHandle

    init(client: ClientHandle) {
        self.client = client
    }

    /// The table and client, or `unsupported` when the provider has no storage.
    private func table() throws(CloudError) -> (ck_storage_v1, OpaquePointer) {
        guard let table = client.library.table.pointee.storage?.pointee else {
            throw CloudError(.unsupported, "provider \(client.library.name) has no object storage")
        }
        return (table, try client.current())
    }

    private func unsupported(_ operation: String) -> CloudError {
        CloudError(.unsupported, "provider \(client.library.name) does not support \(operation)")
    }

    func createBucket(_ bucket: String) async throws(CloudError) {
        let (table, client) = try table()
        guard let entry = table.create_bucket else { throw unsupported("create_bucket") }
        try await ABICompletion<Void>.perform(cancellingWith: self.client) { entry(client, bucket, ABIStorageValues.doneCallback, $0) }
    }

    func deleteBucket(_ bucket: String) async throws(CloudError) {
        let (table, client) = try table()
        guard let entry = table.delete_bucket else { throw unsupported("delete_bucket") }
        try await ABICompletion<Void>.perform(cancellingWith: self.client) { entry(client, bucket, ABIStorageValues.doneCallback, $0) }
    }

    func putObject(_ request: PutObjectRequest) async throws(CloudError) -> ObjectInfo {
        let (table, client) = try table()
        guard let entry = table.put_object else { throw unsupported("put_object") }
        let context = ABIBodyContext()
        context.progress = request.progress
        let arena = CArena()
        let pairs = request.metadata.sorted { $0.key < $1.key }.map { ck_pair(key: arena.string($0.key), value: arena.string($0.value)) }
        var c = ck_put_object_request()
        c.struct_size = MemoryLayout<ck_put_object_request>.size
        c.bucket = arena.string(request.bucket)
        c.key = arena.string(request.key)
        c.content_type = arena.string(request.contentType)
        c.metadata = UnsafePointer(arena.array(pairs))
        c.metadata_count = pairs.count
        c.content_length = -1
        if request.progress != nil {
            c.progress = ABIBodyContext.progressCallback
            c.progress_context = context.pointer
        }
        var bytes = Data()
        switch request.body {
        case .bytes(let data): bytes = data
        case .file(let path): c.file_path = arena.string(path)
        case .stream(let length, let reader):
            context.reader = reader
            c.read = ABIBodyContext.read
            c.read_context = context.pointer
            c.content_length = length
        }
        let call = c
        // The provider copies in-memory bytes before put_object returns, so
        // borrowing them for the synchronous part of the call is enough.
        return try await ABICompletion<ObjectInfo>.perform(cancellingWith: self.client, keepAlive: [context, arena]) { userData in
            bytes.withUnsafeBytes { buffer in
                var withBody = call
                withBody.data = buffer.baseAddress?.assumingMemoryBound(to: UInt8.self)
                withBody.data_length = buffer.count
                withUnsafePointer(to: withBody) { entry(client, $0, ABIStorageValues.infoCallback, userData) }
            }
        }
    }

    func getObject(_ request: GetObjectRequest) async throws(CloudError) -> GetObjectResult {
        let (table, client) = try table()
        guard let entry = table.get_object else { throw unsupported("get_object") }
        let context = ABIBodyContext()
        context.progress = request.progress
        let arena = CArena()
        var c = ck_get_object_request()
        c.struct_size = MemoryLayout<ck_get_object_request>.size
        c.bucket = arena.string(request.bucket)
        c.key = arena.string(request.key)
        if let range = request.range {
            c.has_range = 1
            c.range_start = range.start
            c.range_end = range.end ?? -1
        }
        switch request.sink {
        case .memory: break
        case .file(let path): c.file_path = arena.string(path)
        case .stream(let writer):
            context.writer = writer
            c.write = ABIBodyContext.write
            c.write_context = context.pointer
        }
        if request.progress != nil {
            c.progress = ABIBodyContext.progressCallback
            c.progress_context = context.pointer
        }
        let call = c
        return try await ABICompletion<GetObjectResult>.perform(cancellingWith: self.client, keepAlive: [context, arena]) { userData in
            withUnsafePointer(to: call) {
                entry(client, $0, { userData, status, info, data, length in
                    if let error = CloudError(status: status) {
                        ABICompletion<GetObjectResult>.finish(userData, .failure(error))
                    } else if let info = ABIStorageValues.objectInfo(info) {
                        let bytes = data.map { Data(bytes: $0, count: length) }
                        ABICompletion<GetObjectResult>.finish(userData, .success(GetObjectResult(info: info, data: bytes ?? (length == 0 ? nil : Data()))))
                    } else {
                        ABICompletion<GetObjectResult>.finish(userData, .failure(.internal("get_object succeeded without object info")))
                    }
                }, userData)
            }
        }.withMemoryBody(if: request.sink)
    }

    func headObject(bucket: String, key: String) async throws(CloudError) -> ObjectInfo {
        let (table, client) = try table()
        guard let entry = table.head_object else { throw unsupported("head_object") }
        return try await ABICompletion<ObjectInfo>.perform(cancellingWith: self.client) { entry(client, bucket, key, ABIStorageValues.infoCallback, $0) }
    }

    func deleteObject(bucket: String, key: String) async throws(CloudError) {
        let (table, client) = try table()
        guard let entry = table.delete_object else { throw unsupported("delete_object") }
        try await ABICompletion<Void>.perform(cancellingWith: self.client) { entry(client, bucket, key, ABIStorageValues.doneCallback, $0) }
    }

    func listObjects(_ request: ListObjectsRequest) async throws(CloudError) -> ObjectListing {
        let (table, client) = try table()
        guard let entry = table.list_objects else { throw unsupported("list_objects") }
        let arena = CArena()
        let call = ck_list_objects_request(
            struct_size: MemoryLayout<ck_list_objects_request>.size, bucket: arena.string(request.bucket),
            prefix: arena.string(request.prefix), delimiter: arena.string(request.delimiter),
            page_token: arena.string(request.pageToken), max_keys: Int32(clamping: request.maxKeys))
        return try await ABICompletion<ObjectListing>.perform(cancellingWith: self.client, keepAlive: [arena]) { userData in
            withUnsafePointer(to: call) {
                entry(client, $0, { userData, status, result in
                    if let error = CloudError(status: status) {
                        ABICompletion<ObjectListing>.finish(userData, .failure(error))
                    } else {
                        ABICompletion<ObjectListing>.finish(
                            userData, ABIStorageValues.listing(result).map { .success($0) } ?? .failure(.internal("list succeeded without a result")))
                    }
                }, userData)
            }
        }
    }

    func copyObject(_ request: CopyObjectRequest) async throws(CloudError) -> ObjectInfo {
        let (table, client) = try table()
        guard let entry = table.copy_object else { throw unsupported("copy_object") }
        let arena = CArena()
        let call = ck_copy_object_request(
            struct_size: MemoryLayout<ck_copy_object_request>.size, source_bucket: arena.string(request.sourceBucket),
            source_key: arena.string(request.sourceKey), bucket: arena.string(request.bucket), key: arena.string(request.key))
        return try await ABICompletion<ObjectInfo>.perform(cancellingWith: self.client, keepAlive: [arena]) { userData in
            withUnsafePointer(to: call) { entry(client, $0, ABIStorageValues.infoCallback, userData) }
        }
    }

    func presign(_ request: PresignRequest) async throws(CloudError) -> String {
        let (table, client) = try table()
        guard let entry = table.presign else { throw unsupported("presign") }
        let arena = CArena()
        let call = ck_presign_request(
            struct_size: MemoryLayout<ck_presign_request>.size, bucket: arena.string(request.bucket),
            key: arena.string(request.key), method: arena.string(request.method.rawValue), expires_seconds: request.expiresSeconds)
        return try await ABICompletion<String>.perform(cancellingWith: self.client, keepAlive: [arena]) { userData in
            withUnsafePointer(to: call) {
                entry(client, $0, { userData, status, url in
                    if let error = CloudError(status: status) {
                        ABICompletion<String>.finish(userData, .failure(error))
                    } else {
                        ABICompletion<String>.finish(userData, CText.string(url).map { .success($0) } ?? .failure(.internal("presign succeeded without a URL")))
                    }
                }, userData)
            }
        }
    }
}

extension GetObjectResult {
    /// A `.memory` read always has data (empty for an empty object); other sinks have none.
    fileprivate func withMemoryBody(if sink: BodySink) -> GetObjectResult {
        guard case .memory = sink else { return GetObjectResult(info: info, data: nil) }
        return GetObjectResult(info: info, data: data ?? Data())
    }
}
