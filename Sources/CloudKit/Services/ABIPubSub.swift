import CCloudKitABI
import CloudKitABI

/// `PubSub` over a provider's `ck_pubsub_v1` table: requests are written and
/// results read with the pub/sub codecs of `CloudKitABI`.
final class ABIPubSub: PubSub {
    private let client: ClientHandle

    init(client: ClientHandle) {
        self.client = client
    }

    /// The entry `path` of the table, and the open client; `unsupported` when absent.
    private func entry<Entry>(_ path: KeyPath<ck_pubsub_v1, Entry?>, _ name: String) throws(CloudError) -> (Entry, OpaquePointer) {
        try client.entry(client.library.pubsub, path, service: "publish/subscribe", name: name)
    }

    /// The completion of `list_subscriptions`.
    private static let subscriptionsCallback: ck_subscriptions_fn = { userData, status, list, count, token in
        if let error = ABIStatus.error(status) {
            ABICompletion<SubscriptionPage>.finish(userData, .failure(error))
        } else {
            ABICompletion<SubscriptionPage>.finish(userData, Result { () throws(CloudError) in try SubscriptionCodec.read(list, count, token) })
        }
    }

    func listTopics(_ request: ListResourcesRequest) async throws(CloudError) -> ResourcePage {
        let (entry, client) = try entry(\.list_topics, "list_topics")
        return try await self.client.listResources(entry, client, request)
    }

    func createTopic(_ spec: TopicSpec) async throws(CloudError) -> String {
        let (entry, client) = try entry(\.create_topic, "create_topic")
        let arena = CArena()
        let call = TopicSpecCodec.write(spec, arena)
        return try await ABICompletion<String>.perform(cancellingWith: self.client, keepAlive: [arena]) { userData in
            withUnsafePointer(to: call) { entry(client, $0, ABICallbacks.string, userData) }
        }
    }

    func deleteTopic(_ topic: String) async throws(CloudError) {
        let (entry, client) = try entry(\.delete_topic, "delete_topic")
        try await ABICompletion<Void>.perform(cancellingWith: self.client) { entry(client, topic, ABICallbacks.done, $0) }
    }

    func publish(_ request: PublishRequest) async throws(CloudError) -> SentMessage {
        let (entry, client) = try entry(\.publish, "publish")
        let arena = CArena()
        let call = PublishRequestCodec.write(request, arena)
        return try await ABICompletion<SentMessage>.perform(cancellingWith: self.client, keepAlive: [arena]) {
            entry(client, call, ABICallbacks.sent, $0)
        }
    }

    func publishBatch(_ entries: [PublishRequest]) async throws(CloudError) -> [BatchEntryResult] {
        let (entry, client) = try entry(\.publish_batch, "publish_batch")
        let arena = CArena()
        let (list, count) = PublishRequestCodec.write(entries, arena)
        return try await ABICompletion<[BatchEntryResult]>.perform(cancellingWith: self.client, keepAlive: [arena]) {
            entry(client, list, count, ABICallbacks.batch, $0)
        }
    }

    func subscribe(_ request: SubscribeRequest) async throws(CloudError) -> String {
        let (entry, client) = try entry(\.subscribe, "subscribe")
        let arena = CArena()
        let call = SubscribeRequestCodec.write(request, arena)
        return try await ABICompletion<String>.perform(cancellingWith: self.client, keepAlive: [arena]) { userData in
            withUnsafePointer(to: call) { entry(client, $0, ABICallbacks.string, userData) }
        }
    }

    func unsubscribe(_ subscription: String) async throws(CloudError) {
        let (entry, client) = try entry(\.unsubscribe, "unsubscribe")
        try await ABICompletion<Void>.perform(cancellingWith: self.client) { entry(client, subscription, ABICallbacks.done, $0) }
    }

    func listSubscriptions(topic: String, pageToken: String?) async throws(CloudError) -> SubscriptionPage {
        let (entry, client) = try entry(\.list_subscriptions, "list_subscriptions")
        let arena = CArena()
        let token = arena.string(pageToken)
        return try await ABICompletion<SubscriptionPage>.perform(cancellingWith: self.client, keepAlive: [arena]) {
            entry(client, topic, token, Self.subscriptionsCallback, $0)
        }
    }
}
