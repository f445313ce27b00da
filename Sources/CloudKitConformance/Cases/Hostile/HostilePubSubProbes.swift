@_spi(RawABI) import CloudKit
import CCloudKitABI

/// Hostile calls of every publish/subscribe entry.
enum HostilePubSubProbes {
    static func run(_ board: HostileBoard, _ abi: RawABI) {
        guard let table = abi.pubsub else { return }
        let client = abi.client
        board.call("create_topic NULL spec", table.create_topic) { $0(client, nil, HostileCallbacks.string, $1) }
        board.call("delete_topic NULL", table.delete_topic) { $0(client, nil, HostileCallbacks.status, $1) }
        board.call("publish NULL request", table.publish) { $0(client, nil, HostileCallbacks.sent, $1) }
        board.call("publish_batch NULL entries, count 2", table.publish_batch) { $0(client, nil, 2, HostileCallbacks.batch, $1) }
        board.call("subscribe NULL request", table.subscribe) { $0(client, nil, HostileCallbacks.string, $1) }
        board.call("unsubscribe NULL", table.unsubscribe) { $0(client, nil, HostileCallbacks.status, $1) }
        board.call("list_subscriptions NULL topic", table.list_subscriptions) { $0(client, nil, nil, HostileCallbacks.subscriptions, $1) }
    }
}
