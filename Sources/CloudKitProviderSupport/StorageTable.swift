import CCloudKitABI
import CloudKitABI
import CloudKitModel
import Foundation

/// The provider's `ck_storage_v1` table: each entry reads its C input with
/// the storage codecs, runs the client's `ObjectStorage` method, and writes
/// the result for the callback. Nothing but dispatch lives here.
enum StorageTable {
    typealias Client = OpaquePointer?
    typealias UserData = UnsafeMutableRawPointer?

    /// Immutable after its one-time initialisation, so sharing it is safe.
    static let table = ck_storage_v1(
        struct_size: MemoryLayout<ck_storage_v1>.size,
        create_bucket: createBucket, delete_bucket: deleteBucket, put_object: putObject, get_object: getObject,
        head_object: headObject, delete_object: deleteObject, list_objects: listObjects, copy_object: copyObject,
        presign: presign, list_buckets: listBuckets)

    // MARK: Delivery

    static func info(_ callback: ck_object_info_fn?, _ userData: UserData) -> @Sendable (Result<ObjectInfo, CloudError>) -> Void {
        let captured = UncheckedSendable((callback, userData))
        return { result in
            let arena = CArena()
            let info = (try? result.get()).map { ObjectInfoCodec.write($0, arena) }
            captured.value.0?(captured.value.1, ABIStatus.of(result, arena), info)
        }
    }

    // MARK: Entries

    static let createBucket: @convention(c) (Client, UnsafePointer<CChar>?, ck_done_fn?, UserData) -> Void = { client, bucket, callback, userData in
        ProviderCall.start(client, .storage, key: userData, entry: "storage.create_bucket", parse: { () throws(CloudError) in try ABIInput.string(bucket, "bucket") },
                           operation: { box, bucket throws(CloudError) in try await box.storage().createBucket(bucket) },
                           deliver: ProviderCall.done(callback, userData))
    }

    static let deleteBucket: @convention(c) (Client, UnsafePointer<CChar>?, ck_done_fn?, UserData) -> Void = { client, bucket, callback, userData in
        ProviderCall.start(client, .storage, key: userData, entry: "storage.delete_bucket", parse: { () throws(CloudError) in try ABIInput.string(bucket, "bucket") },
                           operation: { box, bucket throws(CloudError) in try await box.storage().deleteBucket(bucket) },
                           deliver: ProviderCall.done(callback, userData))
    }

    static let putObject: @convention(c) (Client, UnsafePointer<ck_put_object_request>?, ck_object_info_fn?, UserData) -> Void = {
        client, request, callback, userData in
        ProviderCall.start(client, .storage, key: userData, entry: "storage.put_object",
                           parse: { () throws(CloudError) in try PutObjectRequestCodec.read(request) },
                           check: { box, request throws(CloudError) in
                               try box.checkOptions(Array(request.options.keys) + PutObjectRequestCodec.conditionKeys(request.condition), operation: "put_object")
                           },
                           operation: { box, request throws(CloudError) in try await box.storage().putObject(request) },
                           deliver: info(callback, userData))
    }

    static let getObject: @convention(c) (Client, UnsafePointer<ck_get_object_request>?, ck_get_object_fn?, UserData) -> Void = {
        client, request, callback, userData in
        let captured = UncheckedSendable((callback, userData))
        // Closed before the completion, so nothing writes to the host's memory once it may be freed.
        let memory = GetObjectRequestCodec.lentMemory(request)
        ProviderCall.start(client, .storage, key: userData, entry: "storage.get_object",
                           parse: { () throws(CloudError) in try GetObjectRequestCodec.read(request, memory: memory) },
                           check: { box, request throws(CloudError) in try box.checkOptions(Array(request.options.keys), operation: "get_object") },
                           immediately: { box, request in box.immediateObjects?.getObjectImmediately(request) },
                           operation: { box, request throws(CloudError) in try await box.storage().getObject(request) },
                           deliver: { result in
                               // The body goes to the host's memory whenever it lends some.
                               var result = result
                               var lent: UnsafeRawBufferPointer?
                               if let memory {
                                   if case .success(let object) = result, let data = object.data {
                                       do throws(CloudError) { lent = try memory.settle(data) } catch { result = .failure(error) }
                                   }
                                   memory.close()
                               }
                               let arena = CArena()
                               let status = ABIStatus.of(result, arena)
                               guard case .success(let object) = result else {
                                   captured.value.0?(captured.value.1, status, nil, nil, 0)
                                   return
                               }
                               let info = ObjectInfoCodec.write(object.info, arena)
                               guard let data = object.data else {
                                   captured.value.0?(captured.value.1, status, info, nil, 0)
                                   return
                               }
                               if let lent {
                                   captured.value.0?(captured.value.1, status, info, lent.baseAddress?.assumingMemoryBound(to: UInt8.self), lent.count)
                                   return
                               }
                               data.withUnsafeBytes { bytes in
                                   captured.value.0?(captured.value.1, status, info, bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), bytes.count)
                               }
                           })
    }

    static let headObject: @convention(c) (Client, UnsafePointer<CChar>?, UnsafePointer<CChar>?, ck_object_info_fn?, UserData) -> Void = {
        client, bucket, key, callback, userData in
        ProviderCall.start(client, .storage, key: userData, entry: "storage.head_object",
                           parse: { () throws(CloudError) in (try ABIInput.string(bucket, "bucket"), try ABIInput.string(key, "key")) },
                           immediately: { box, input in box.immediateObjects?.headObjectImmediately(bucket: input.0, key: input.1) },
                           operation: { box, input throws(CloudError) in try await box.storage().headObject(bucket: input.0, key: input.1) },
                           deliver: info(callback, userData))
    }

    static let deleteObject: @convention(c) (Client, UnsafePointer<CChar>?, UnsafePointer<CChar>?, ck_done_fn?, UserData) -> Void = {
        client, bucket, key, callback, userData in
        ProviderCall.start(client, .storage, key: userData, entry: "storage.delete_object",
                           parse: { () throws(CloudError) in (try ABIInput.string(bucket, "bucket"), try ABIInput.string(key, "key")) },
                           operation: { box, input throws(CloudError) in try await box.storage().deleteObject(bucket: input.0, key: input.1) },
                           deliver: ProviderCall.done(callback, userData))
    }

    static let listObjects: @convention(c) (Client, UnsafePointer<ck_list_objects_request>?, ck_list_objects_fn?, UserData) -> Void = {
        client, request, callback, userData in
        let captured = UncheckedSendable((callback, userData))
        ProviderCall.start(client, .storage, key: userData, entry: "storage.list_objects", parse: { () throws(CloudError) in try ObjectListingCodec.read(request) },
                           operation: { box, request throws(CloudError) in try await box.storage().listObjects(request) },
                           deliver: { result in
                               let arena = CArena()
                               let listing = (try? result.get()).map { ObjectListingCodec.write($0, arena) }
                               captured.value.0?(captured.value.1, ABIStatus.of(result, arena), listing)
                           })
    }

    static let copyObject: @convention(c) (Client, UnsafePointer<ck_copy_object_request>?, ck_object_info_fn?, UserData) -> Void = {
        client, request, callback, userData in
        ProviderCall.start(client, .storage, key: userData, entry: "storage.copy_object",
                           parse: { () throws(CloudError) in try CopyObjectRequestCodec.read(request) },
                           check: { box, request throws(CloudError) in try box.checkOptions(Array(request.options.keys), operation: "copy_object") },
                           operation: { box, request throws(CloudError) in try await box.storage().copyObject(request) },
                           deliver: info(callback, userData))
    }

    static let presign: @convention(c) (Client, UnsafePointer<ck_presign_request>?, ck_string_fn?, UserData) -> Void = {
        client, request, callback, userData in
        ProviderCall.start(client, .storage, key: userData, entry: "storage.presign", parse: { () throws(CloudError) in try PresignRequestCodec.read(request) },
                           operation: { box, request throws(CloudError) in try await box.storage().presign(request) },
                           deliver: ProviderCall.string(callback, userData))
    }

    static let listBuckets: @convention(c) (Client, UnsafePointer<ck_list_request>?, ck_resources_fn?, UserData) -> Void = {
        client, request, callback, userData in
        ProviderCall.start(client, .storage, key: userData, entry: "storage.list_buckets",
                           parse: { () throws(CloudError) in try ResourceListingCodec.read(request, operation: "list_buckets") },
                           operation: { box, request throws(CloudError) in try await box.storage().listBuckets(request) },
                           deliver: ProviderCall.resources(callback, userData))
    }
}
