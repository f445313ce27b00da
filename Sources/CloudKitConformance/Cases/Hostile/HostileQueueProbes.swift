@_spi(RawABI) import CloudKit
import CCloudKitABI

/// Hostile calls of every queue entry.
enum HostileQueueProbes {
    static func run(_ board: HostileBoard, _ abi: RawABI) {
        guard let table = abi.queue else { return }
        let client = abi.client
        board.call("create_queue NULL spec", table.create_queue) { $0(client, nil, HostileCallbacks.string, $1) }
        board.call("delete_queue NULL", table.delete_queue) { $0(client, nil, HostileCallbacks.status, $1) }
        board.call("send NULL request", table.send) { $0(client, nil, HostileCallbacks.sent, $1) }
        board.call("send_batch NULL entries, count 3", table.send_batch) { $0(client, nil, 3, HostileCallbacks.batch, $1) }
        board.call("receive NULL request", table.receive) { $0(client, nil, HostileCallbacks.messages, $1) }
        board.call("ack NULL queue and handle", table.ack) { $0(client, nil, nil, HostileCallbacks.status, $1) }
        board.call("ack_batch NULL handles, count 2", table.ack_batch) { $0(client, "q", nil, 2, HostileCallbacks.batch, $1) }
        board.call("change_visibility NULL", table.change_visibility) { $0(client, nil, nil, 0, HostileCallbacks.status, $1) }
        board.call("purge NULL", table.purge) { $0(client, nil, HostileCallbacks.status, $1) }
        board.call("counts NULL", table.counts) { $0(client, nil, HostileCallbacks.counts, $1) }
        "q".withCString { queue in
            var greedy = ck_receive_request()
            greedy.struct_size = MemoryLayout<ck_receive_request>.size
            greedy.queue = queue
            greedy.max_messages = 11
            greedy.visibility_timeout_seconds = -1
            board.call("receive max_messages 11", table.receive) { entry, userData in
                withUnsafePointer(to: greedy) { entry(client, $0, HostileCallbacks.messages, userData) }
            }
            var patient = greedy
            patient.max_messages = 1
            patient.wait_seconds = 21
            board.call("receive wait_seconds 21", table.receive) { entry, userData in
                withUnsafePointer(to: patient) { entry(client, $0, HostileCallbacks.messages, userData) }
            }
        }
    }
}
