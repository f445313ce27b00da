@_spi(RawABI) import CloudKit
import CCloudKitABI

/// Hostile calls of every key-value entry.
enum HostileKVProbes {
    static func run(_ board: HostileBoard, _ abi: RawABI) {
        guard let table = abi.kv else { return }
        let client = abi.client
        board.call("create_table NULL spec", table.create_table) { $0(client, nil, HostileCallbacks.status, $1) }
        board.call("delete_table NULL", table.delete_table) { $0(client, nil, HostileCallbacks.status, $1) }
        board.call("put_item NULL request", table.put_item) { $0(client, nil, HostileCallbacks.status, $1) }
        board.call("get_item NULL request", table.get_item) { $0(client, nil, HostileCallbacks.item, $1) }
        board.call("delete_item NULL request", table.delete_item) { $0(client, nil, HostileCallbacks.status, $1) }
        board.call("update_item NULL request", table.update_item) { $0(client, nil, HostileCallbacks.item, $1) }
        board.call("query NULL request", table.query) { $0(client, nil, HostileCallbacks.items, $1) }
        board.call("scan NULL request", table.scan) { $0(client, nil, HostileCallbacks.items, $1) }
        board.call("batch_get NULL request", table.batch_get) { $0(client, nil, HostileCallbacks.items, $1) }
        board.call("batch_put NULL request", table.batch_put) { $0(client, nil, HostileCallbacks.status, $1) }
        board.call("transact NULL ops, count 2", table.transact) { $0(client, nil, 2, HostileCallbacks.status, $1) }
        "t".withCString { name in
            #"{"pk":"#.withCString { notJSON in
                var broken = ck_kv_get_request()
                broken.struct_size = MemoryLayout<ck_kv_get_request>.size
                broken.table = name
                broken.key_json = notJSON
                board.call("get_item malformed key JSON", table.get_item) { entry, userData in
                    withUnsafePointer(to: broken) { entry(client, $0, HostileCallbacks.item, userData) }
                }
            }
        }
    }
}
