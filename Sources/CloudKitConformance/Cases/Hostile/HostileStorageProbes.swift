@_spi(RawABI) import CloudKit
import CCloudKitABI

/// Hostile calls of every storage entry.
enum HostileStorageProbes {
    static func run(_ board: HostileBoard, _ abi: RawABI) {
        guard let table = abi.storage else { return }
        let client = abi.client
        let badUTF8 = HostileValues.invalidUTF8("bucket-")
        board.call("create_bucket NULL client", table.create_bucket) { $0(nil, "b", HostileCallbacks.status, $1) }
        board.call("create_bucket NULL bucket", table.create_bucket) { $0(client, nil, HostileCallbacks.status, $1) }
        board.call("create_bucket invalid UTF-8", table.create_bucket) { $0(client, badUTF8, HostileCallbacks.status, $1) }
        board.call("delete_bucket NULL", table.delete_bucket) { $0(client, nil, HostileCallbacks.status, $1) }
        board.call("put_object NULL request", table.put_object) { $0(client, nil, HostileCallbacks.info, $1) }
        var tiny = ck_put_object_request()
        tiny.struct_size = 1
        board.call("put_object struct_size 1", table.put_object) { entry, userData in
            withUnsafePointer(to: tiny) { entry(client, $0, HostileCallbacks.info, userData) }
        }
        board.call("get_object NULL request", table.get_object) { $0(client, nil, HostileCallbacks.get, $1) }
        board.call("head_object NULL names", table.head_object) { $0(client, nil, nil, HostileCallbacks.info, $1) }
        board.call("delete_object NULL key", table.delete_object) { $0(client, "b", nil, HostileCallbacks.status, $1) }
        board.call("list_objects NULL request", table.list_objects) { $0(client, nil, HostileCallbacks.list, $1) }
        board.call("copy_object NULL request", table.copy_object) { $0(client, nil, HostileCallbacks.info, $1) }
        board.call("presign NULL request", table.presign) { $0(client, nil, HostileCallbacks.string, $1) }
        // A NULL callback: nothing to report to, and nothing may crash.
        table.create_bucket?(client, "Not_A_Valid_Bucket!", nil, nil)
        let badKey = HostileValues.invalidUTF8("k")
        "b".withCString { bucket in
            var holes = ck_put_object_request()
            holes.struct_size = MemoryLayout<ck_put_object_request>.size
            holes.bucket = bucket
            "k".withCString { key in
                holes.key = key
                holes.data_length = 10  // but no data
                board.call("put_object NULL data, length 10", table.put_object) { entry, userData in
                    withUnsafePointer(to: holes) { entry(client, $0, HostileCallbacks.info, userData) }
                }
            }
            badKey.withUnsafeBufferPointer { key in
                var cut = holes
                cut.key = key.baseAddress
                cut.data_length = 0
                board.call("put_object invalid UTF-8 key", table.put_object) { entry, userData in
                    withUnsafePointer(to: cut) { entry(client, $0, HostileCallbacks.info, userData) }
                }
            }
        }
    }
}
