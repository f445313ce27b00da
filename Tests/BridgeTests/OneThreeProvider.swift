import CCloudKitABI
import CloudKit
import Foundation

/// The fake provider behind a table that announces ABI 1.3, whose
/// `put_object` keeps 1.3's rule — a read body needs its exact length, so
/// `content_length` -1 is invalid argument — and records each length it is
/// given. A 1.4 host must spool a body of unknown length before sending it.
enum OneThreeProvider {
    /// The `content_length` of every put with a read body, by bucket.
    static let lengths = Locked<[String: [Int64]]>([:])

    private typealias PutEntry = @convention(c) (
        OpaquePointer?, UnsafePointer<ck_put_object_request>?, ck_object_info_fn?, UnsafeMutableRawPointer?
    ) -> Void

    /// The 1.3 table, and the fake's own put_object behind it.
    nonisolated(unsafe) private static let tables: (provider: UnsafePointer<ck_provider>, put: PutEntry)? = {
        var host = ck_host()
        host.struct_size = MemoryLayout<ck_host>.size
        host.abi_major = UInt32(CK_ABI_VERSION_MAJOR)
        host.abi_minor = UInt32(CK_ABI_VERSION_MINOR)
        guard let inner = withUnsafePointer(to: host, { FakeProvider.initialize($0) }), let storage = inner.pointee.storage,
              let put = storage.pointee.put_object else { return nil }
        let storageCopy = UnsafeMutablePointer<ck_storage_v1>.allocate(capacity: 1)
        storageCopy.initialize(to: storage.pointee)
        storageCopy.pointee.put_object = putAsOneThree
        let table = UnsafeMutablePointer<ck_provider>.allocate(capacity: 1)
        table.initialize(to: inner.pointee)
        table.pointee.abi_minor = 3
        table.pointee.storage = UnsafePointer(storageCopy)
        return (UnsafePointer(table), put)
    }()

    /// 1.3's put_object: a read body with a negative length is refused.
    private static let putAsOneThree: PutEntry = { client, request, done, userData in
        if let request, request.pointee.read != nil {
            let length = request.pointee.content_length
            let bucket = request.pointee.bucket.map { String(cString: $0) } ?? ""
            lengths.withLock { $0[bucket, default: []].append(length) }
            if length < 0 {
                var status = ck_status()
                status.struct_size = MemoryLayout<ck_status>.size
                status.kind = Int32(CK_ERR_INVALID_ARGUMENT.rawValue)
                "content_length must be the exact body length (>= 0) when a read callback is given".withCString { message in
                    status.message = message
                    done?(userData, &status, nil)
                }
                return
            }
        }
        tables?.put(client, request, done, userData)
    }

    /// Calls the 1.3 put_object with `content_length` -1, as a host that
    /// ignored rule 2d would; the kind it completes with.
    static func kindForUnknownLength() -> Int32 {
        let kind = Locked<Int32>(-1)
        var request = ck_put_object_request()
        request.struct_size = MemoryLayout<ck_put_object_request>.size
        request.read = { _, _, _ in 0 }
        request.content_length = -1
        putAsOneThree(nil, &request, { userData, status, _ in
            guard let userData else { return }
            Unmanaged<Locked<Int32>>.fromOpaque(userData).takeUnretainedValue().withLock { $0 = status?.pointee.kind ?? -2 }
        }, Unmanaged.passUnretained(kind).toOpaque())
        return kind.withLock { $0 }
    }

    static let initialize: ck_provider_init_fn = { _ in tables?.provider }

    /// The linked 1.3 table, checked as a loaded library is.
    static let library: ProviderLibrary? = try? ProviderLibrary.linked(initialize, label: "fake 1.3 (linked)")
}
