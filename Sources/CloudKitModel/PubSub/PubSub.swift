/// Publish/subscribe with SNS's model: topics fan messages out to
/// subscribed queues, each optionally filtered by message attributes.
///
/// The host's ABI-backed client and every provider's backend implement this
/// protocol. All methods are safe to call concurrently and throw only `CloudError`.
public protocol PubSub: Sendable {
    /// Creates a topic (or returns the existing one) and returns its ARN.
    func createTopic(_ spec: TopicSpec) async throws(CloudError) -> String
    func deleteTopic(_ topic: String) async throws(CloudError)
    func publish(_ request: PublishRequest) async throws(CloudError) -> SentMessage
    /// Publishes any number of messages (split into batches of 10); one result per entry, in order.
    func publishBatch(_ entries: [PublishRequest]) async throws(CloudError) -> [BatchEntryResult]
    /// Subscribes a queue and returns the subscription's ARN. Subscribing
    /// the same queue again returns the same subscription.
    func subscribe(_ request: SubscribeRequest) async throws(CloudError) -> String
    func unsubscribe(_ subscription: String) async throws(CloudError)
    /// The subscriptions of one topic, a page at a time.
    func listSubscriptions(topic: String, pageToken: String?) async throws(CloudError) -> SubscriptionPage
    /// One page of the topics; each summary's identifier is the topic's ARN.
    func listTopics(_ request: ListResourcesRequest) async throws(CloudError) -> ResourcePage
}
