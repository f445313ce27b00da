import CCloudKitABI
import CloudKitCInterop

/// `PubSub` over a provider's `ck_pubsub_v1` table.
final class ABIPubSub: PubSub {
    private let client: ClientHandle

    init(client: ClientHandle) {
        self.client = client
    }

    private func entry<Entry>(_ path: KeyPath<ck_pubsub_v1, Entry?>, _ name: String) throws(CloudError) -> (Entry, OpaquePointer) {
        guard let table = client.library.table.pointee.pubsub?.pointee else {
            throw CloudError(.unsupported, "provider \(client.library.name) has no publish/subscribe")
        }
        guard let entry = table[keyPath: path] else {
            throw CloudError(.unsupported, "provider \(client.library.name) does not support \(name)")
        }
        return (entry, try client.current())
    }

    func createTopic(_ spec: TopicSpec) async throws(CloudError) -> String {
        let (entry, client) = try entry(\.create_topic, "create_topic")
        let arena = CArena()
        let call = ck_topic_spec(
            struct_size: MemoryLayout<ck_topic_spec>.size, name: arena.string(spec.name), fifo: spec.fifo ? 1 : 0,
            content_based_deduplication: spec.contentBasedDeduplication ? 1 : 0)
        return try await ABICompletion<String>.perform(cancellingWith: self.client, keepAlive: [arena]) { userData in
            withUnsafePointer(to: call) { entry(client, $0, ABIMessageValues.stringCallback, userData) }
        }
    }

    func deleteTopic(_ topic: String) async throws(CloudError) {
        let (entry, client) = try entry(\.delete_topic, "delete_topic")
        try await ABICompletion<Void>.perform(cancellingWith: self.client) { entry(client, topic, ABIStorageValues.doneCallback, $0) }
    }

    func publish(_ request: PublishRequest) async throws(CloudError) -> SentMessage {
        let (entry, client) = try entry(\.publish, "publish")
        let arena = CArena()
        let call = ABIMessageValues.publish(request, arena)
        return try await ABICompletion<SentMessage>.perform(cancellingWith: self.client, keepAlive: [arena]) { entry(client, call, ABIMessageValues.sentCallback, $0) }
    }

    func publishBatch(_ entries: [PublishRequest]) async throws(CloudError) -> [BatchEntryResult] {
        let (entry, client) = try entry(\.publish_batch, "publish_batch")
        let arena = CArena()
        let list: [UnsafePointer<ck_publish_request>?] = entries.map { ABIMessageValues.publish($0, arena) }
        let array = UnsafePointer(arena.array(list))
        return try await ABICompletion<[BatchEntryResult]>.perform(cancellingWith: self.client, keepAlive: [arena]) {
            entry(client, array, list.count, ABIMessageValues.batchCallback, $0)
        }
    }

    func subscribe(_ request: SubscribeRequest) async throws(CloudError) -> String {
        let (entry, client) = try entry(\.subscribe, "subscribe")
        let arena = CArena()
        let call = ck_subscribe_request(
            struct_size: MemoryLayout<ck_subscribe_request>.size, topic: arena.string(request.topic), queue: arena.string(request.queue),
            raw_delivery: request.rawDelivery ? 1 : 0, filter_policy_json: arena.string(request.filterPolicyJSON))
        return try await ABICompletion<String>.perform(cancellingWith: self.client, keepAlive: [arena]) { userData in
            withUnsafePointer(to: call) { entry(client, $0, ABIMessageValues.stringCallback, userData) }
        }
    }

    func unsubscribe(_ subscription: String) async throws(CloudError) {
        let (entry, client) = try entry(\.unsubscribe, "unsubscribe")
        try await ABICompletion<Void>.perform(cancellingWith: self.client) { entry(client, subscription, ABIStorageValues.doneCallback, $0) }
    }

    func listSubscriptions(topic: String, pageToken: String?) async throws(CloudError) -> SubscriptionPage {
        let (entry, client) = try entry(\.list_subscriptions, "list_subscriptions")
        let arena = CArena()
        let token = arena.string(pageToken)
        return try await ABICompletion<SubscriptionPage>.perform(cancellingWith: self.client, keepAlive: [arena]) {
            entry(client, topic, token, ABIMessageValues.subscriptionsCallback, $0)
        }
    }
}
