import CCloudKitABI
import CloudKitCInterop
import CloudKitModel
import Foundation

/// The provider's `ck_storage_v1` table: each entry reads its C input, runs
/// the client's `ObjectStorage` method, and converts the result for the callback.
enum StorageTable {
    typealias Client = OpaquePointer?
    typealias UserData = UnsafeMutableRawPointer?

    /// Immutable after its one-time initialisation, so sharing it is safe.
    nonisolated(unsafe) static let table: UnsafePointer<ck_storage_v1> = {
        let table = UnsafeMutablePointer<ck_storage_v1>.allocate(capacity: 1)
        table.initialize(to: ck_storage_v1(
            struct_size: MemoryLayout<ck_storage_v1>.size,
            create_bucket: createBucket, delete_bucket: deleteBucket, put_object: putObject, get_object: getObject,
            head_object: headObject, delete_object: deleteObject, list_objects: listObjects, copy_object: copyObject,
            presign: presign))
        return UnsafePointer(table)
    }()

    // MARK: Delivery

    static func done(_ callback: ck_done_fn?, _ userData: UserData) -> @Sendable (Result<Void, CloudError>) -> Void {
        let captured = UncheckedSendable((callback, userData))
        return { result in
            let arena = CArena()
            captured.value.0?(captured.value.1, CStatus.of(result, arena))
        }
    }

    static func info(_ callback: ck_object_info_fn?, _ userData: UserData) -> @Sendable (Result<ObjectInfo, CloudError>) -> Void {
        let captured = UncheckedSendable((callback, userData))
        return { result in
            let arena = CArena()
            let info = (try? result.get()).map { StorageConversions.objectInfo($0, arena) }
            captured.value.0?(captured.value.1, CStatus.of(result, arena), info)
        }
    }

    // MARK: Entries

    static let createBucket: @convention(c) (Client, UnsafePointer<CChar>?, ck_done_fn?, UserData) -> Void = { client, bucket, callback, userData in
        ProviderCall.start(client, key: userData, parse: { () throws(CloudError) in try CInput.string(bucket, "bucket") },
                           operation: { box, bucket throws(CloudError) in try await box.storage().createBucket(bucket) },
                           deliver: done(callback, userData))
    }

    static let deleteBucket: @convention(c) (Client, UnsafePointer<CChar>?, ck_done_fn?, UserData) -> Void = { client, bucket, callback, userData in
        ProviderCall.start(client, key: userData, parse: { () throws(CloudError) in try CInput.string(bucket, "bucket") },
                           operation: { box, bucket throws(CloudError) in try await box.storage().deleteBucket(bucket) },
                           deliver: done(callback, userData))
    }

    static let putObject: @convention(c) (Client, UnsafePointer<ck_put_object_request>?, ck_object_info_fn?, UserData) -> Void = {
        client, request, callback, userData in
        ProviderCall.start(client, key: userData, parse: { () throws(CloudError) in try StorageRequests.put(request) },
                           operation: { box, request throws(CloudError) in try await box.storage().putObject(request) },
                           deliver: info(callback, userData))
    }

    static let getObject: @convention(c) (Client, UnsafePointer<ck_get_object_request>?, ck_get_object_fn?, UserData) -> Void = {
        client, request, callback, userData in
        let captured = UncheckedSendable((callback, userData))
        ProviderCall.start(client, key: userData, parse: { () throws(CloudError) in try StorageRequests.get(request) },
                           operation: { box, request throws(CloudError) in try await box.storage().getObject(request) },
                           deliver: { result in
                               let arena = CArena()
                               let status = CStatus.of(result, arena)
                               switch result {
                               case .success(let object):
                                   let info = StorageConversions.objectInfo(object.info, arena)
                                   if let data = object.data {
                                       data.withUnsafeBytes { bytes in
                                           captured.value.0?(captured.value.1, status, info,
                                                             bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), bytes.count)
                                       }
                                   } else {
                                       captured.value.0?(captured.value.1, status, info, nil, 0)
                                   }
                               case .failure:
                                   captured.value.0?(captured.value.1, status, nil, nil, 0)
                               }
                           })
    }

    static let headObject: @convention(c) (Client, UnsafePointer<CChar>?, UnsafePointer<CChar>?, ck_object_info_fn?, UserData) -> Void = {
        client, bucket, key, callback, userData in
        ProviderCall.start(client, key: userData, parse: { () throws(CloudError) in (try CInput.string(bucket, "bucket"), try CInput.string(key, "key")) },
                           operation: { box, input throws(CloudError) in try await box.storage().headObject(bucket: input.0, key: input.1) },
                           deliver: info(callback, userData))
    }

    static let deleteObject: @convention(c) (Client, UnsafePointer<CChar>?, UnsafePointer<CChar>?, ck_done_fn?, UserData) -> Void = {
        client, bucket, key, callback, userData in
        ProviderCall.start(client, key: userData, parse: { () throws(CloudError) in (try CInput.string(bucket, "bucket"), try CInput.string(key, "key")) },
                           operation: { box, input throws(CloudError) in try await box.storage().deleteObject(bucket: input.0, key: input.1) },
                           deliver: done(callback, userData))
    }

    static let listObjects: @convention(c) (Client, UnsafePointer<ck_list_objects_request>?, ck_list_objects_fn?, UserData) -> Void = {
        client, request, callback, userData in
        let captured = UncheckedSendable((callback, userData))
        ProviderCall.start(client, key: userData, parse: { () throws(CloudError) in try StorageRequests.list(request) },
                           operation: { box, request throws(CloudError) in try await box.storage().listObjects(request) },
                           deliver: { result in
                               let arena = CArena()
                               let listing = (try? result.get()).map { StorageConversions.listing($0, arena) }
                               captured.value.0?(captured.value.1, CStatus.of(result, arena), listing)
                           })
    }

    static let copyObject: @convention(c) (Client, UnsafePointer<ck_copy_object_request>?, ck_object_info_fn?, UserData) -> Void = {
        client, request, callback, userData in
        ProviderCall.start(client, key: userData, parse: { () throws(CloudError) in try StorageRequests.copy(request) },
                           operation: { box, request throws(CloudError) in try await box.storage().copyObject(request) },
                           deliver: info(callback, userData))
    }

    static let presign: @convention(c) (Client, UnsafePointer<ck_presign_request>?, ck_string_fn?, UserData) -> Void = {
        client, request, callback, userData in
        let captured = UncheckedSendable((callback, userData))
        ProviderCall.start(client, key: userData, parse: { () throws(CloudError) in try StorageRequests.presign(request) },
                           operation: { box, request throws(CloudError) in try await box.storage().presign(request) },
                           deliver: { result in
                               let arena = CArena()
                               captured.value.0?(captured.value.1, CStatus.of(result, arena), arena.string(try? result.get()))
                           })
    }
}
