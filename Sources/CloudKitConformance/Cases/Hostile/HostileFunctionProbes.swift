@_spi(RawABI) import CloudKit
import CCloudKitABI

/// Hostile calls of every functions entry.
enum HostileFunctionProbes {
    static func run(_ board: HostileBoard, _ abi: RawABI) {
        guard let table = abi.functions else { return }
        let client = abi.client
        board.call("invoke NULL request", table.invoke) { $0(client, nil, HostileCallbacks.invoke, $1) }
        board.call("get_function NULL name", table.get_function) { $0(client, nil, nil, HostileCallbacks.function, $1) }
        board.call("list_functions max_items 51", table.list_functions) { $0(client, nil, 51, HostileCallbacks.functions, $1) }
        board.call("list_functions max_items -1", table.list_functions) { $0(client, nil, -1, HostileCallbacks.functions, $1) }
        "f".withCString { function in
            var hollow = ck_invoke_request()
            hollow.struct_size = MemoryLayout<ck_invoke_request>.size
            hollow.function = function
            hollow.payload_length = 5  // but no payload
            board.call("invoke NULL payload, length 5", table.invoke) { entry, userData in
                withUnsafePointer(to: hollow) { entry(client, $0, HostileCallbacks.invoke, userData) }
            }
            var unknown = hollow
            unknown.payload_length = 0
            unknown.invocation_type = 7
            board.call("invoke unknown invocation type", table.invoke) { entry, userData in
                withUnsafePointer(to: unknown) { entry(client, $0, HostileCallbacks.invoke, userData) }
            }
        }
    }
}
