import CCloudKitABI
import CloudKitABI
import CloudKitModel

/// The provider's `ck_pubsub_v1` table: each entry reads its C input with the
/// pub/sub codecs, runs the client's `PubSub` method, and writes the result
/// for the callback. Nothing but dispatch lives here.
enum PubSubTable {
    typealias Client = OpaquePointer?
    typealias UserData = UnsafeMutableRawPointer?
    typealias CString = UnsafePointer<CChar>?

    /// Immutable after its one-time initialisation, so sharing it is safe.
    static let table = ck_pubsub_v1(
        struct_size: MemoryLayout<ck_pubsub_v1>.size, create_topic: createTopic, delete_topic: deleteTopic, publish: publish,
        publish_batch: publishBatch, subscribe: subscribe, unsubscribe: unsubscribe, list_subscriptions: listSubscriptions, list_topics: listTopics)

    static let createTopic: @convention(c) (Client, UnsafePointer<ck_topic_spec>?, ck_string_fn?, UserData) -> Void = { client, spec, callback, userData in
        ProviderCall.start(client, .pubsub, key: userData, entry: "pubsub.create_topic", parse: { () throws(CloudError) in try TopicSpecCodec.read(spec) },
                           operation: { box, spec throws(CloudError) in try await box.pubsub().createTopic(spec) },
                           deliver: ProviderCall.string(callback, userData))
    }

    static let deleteTopic: @convention(c) (Client, CString, ck_done_fn?, UserData) -> Void = { client, topic, callback, userData in
        ProviderCall.start(client, .pubsub, key: userData, entry: "pubsub.delete_topic", parse: { () throws(CloudError) in try ABIInput.string(topic, "topic") },
                           operation: { box, topic throws(CloudError) in try await box.pubsub().deleteTopic(topic) },
                           deliver: ProviderCall.done(callback, userData))
    }

    static let publish: @convention(c) (Client, UnsafePointer<ck_publish_request>?, ck_sent_fn?, UserData) -> Void = { client, request, callback, userData in
        ProviderCall.start(client, .pubsub, key: userData, entry: "pubsub.publish", parse: { () throws(CloudError) in try PublishRequestCodec.read(request) },
                           operation: { box, request throws(CloudError) in try await box.pubsub().publish(request) },
                           deliver: QueueTable.sent(callback, userData))
    }

    static let publishBatch: @convention(c) (Client, UnsafePointer<UnsafePointer<ck_publish_request>?>?, Int, ck_batch_fn?, UserData) -> Void = {
        client, entries, count, callback, userData in
        ProviderCall.start(client, .pubsub, key: userData, entry: "pubsub.publish_batch", parse: { () throws(CloudError) in try PublishRequestCodec.read(entries, count) },
                           operation: { box, entries throws(CloudError) in try await box.pubsub().publishBatch(entries) },
                           deliver: QueueTable.batch(callback, userData))
    }

    static let subscribe: @convention(c) (Client, UnsafePointer<ck_subscribe_request>?, ck_string_fn?, UserData) -> Void = {
        client, request, callback, userData in
        ProviderCall.start(client, .pubsub, key: userData, entry: "pubsub.subscribe", parse: { () throws(CloudError) in try SubscribeRequestCodec.read(request) },
                           operation: { box, request throws(CloudError) in try await box.pubsub().subscribe(request) },
                           deliver: ProviderCall.string(callback, userData))
    }

    static let unsubscribe: @convention(c) (Client, CString, ck_done_fn?, UserData) -> Void = { client, subscription, callback, userData in
        ProviderCall.start(client, .pubsub, key: userData, entry: "pubsub.unsubscribe", parse: { () throws(CloudError) in try ABIInput.string(subscription, "subscription") },
                           operation: { box, subscription throws(CloudError) in try await box.pubsub().unsubscribe(subscription) },
                           deliver: ProviderCall.done(callback, userData))
    }

    static let listSubscriptions: @convention(c) (Client, CString, CString, ck_subscriptions_fn?, UserData) -> Void = {
        client, topic, token, callback, userData in
        let captured = UncheckedSendable((callback, userData))
        ProviderCall.start(client, .pubsub, key: userData, entry: "pubsub.list_subscriptions",
                           parse: { () throws(CloudError) in (try ABIInput.string(topic, "topic"), try ABIInput.optionalString(token, "page_token")) },
                           operation: { box, input throws(CloudError) in try await box.pubsub().listSubscriptions(topic: input.0, pageToken: input.1) },
                           deliver: { result in
                               let arena = CArena()
                               let (list, count, next) = (try? result.get()).map { SubscriptionCodec.write($0, arena) } ?? (nil, 0, nil)
                               captured.value.0?(captured.value.1, ABIStatus.of(result, arena), list, count, next)
                           })
    }

    static let listTopics: @convention(c) (Client, UnsafePointer<ck_list_request>?, ck_resources_fn?, UserData) -> Void = {
        client, request, callback, userData in
        ProviderCall.start(client, .pubsub, key: userData, entry: "pubsub.list_topics",
                           parse: { () throws(CloudError) in try ResourceListingCodec.read(request, operation: "list_topics") },
                           operation: { box, request throws(CloudError) in try await box.pubsub().listTopics(request) },
                           deliver: ProviderCall.resources(callback, userData))
    }
}

extension ClientBox {
    /// The client's publish/subscribe, or `unsupported`.
    func pubsub() throws(CloudError) -> any PubSub {
        guard let pubsub = client.pubsub else { throw CloudError(.unsupported, "this provider has no publish/subscribe") }
        return pubsub
    }
}
