public struct TopicSpec: Sendable, Hashable {
    public var name: String
    /// FIFO topics need a name ending in `.fifo` and deliver only to FIFO queues.
    public var fifo: Bool
    public var contentBasedDeduplication: Bool

    public init(name: String, fifo: Bool = false, contentBasedDeduplication: Bool = false) {
        self.name = name
        self.fifo = fifo
        self.contentBasedDeduplication = contentBasedDeduplication
    }
}

public struct PublishRequest: Sendable, Hashable {
    /// A name or ARN.
    public var topic: String
    public var message: String
    public var subject: String?
    public var attributes: MessageAttributes
    /// FIFO only.
    public var groupID: String?
    /// FIFO only: required unless the topic uses content-based deduplication.
    public var deduplicationID: String?

    public init(
        topic: String, message: String, subject: String? = nil, attributes: MessageAttributes = [:], groupID: String? = nil,
        deduplicationID: String? = nil
    ) {
        self.topic = topic
        self.message = message
        self.subject = subject
        self.attributes = attributes
        self.groupID = groupID
        self.deduplicationID = deduplicationID
    }
}

public struct SubscribeRequest: Sendable, Hashable {
    public var topic: String
    /// The subscribed queue: a name, URL or ARN.
    public var queue: String
    /// True: the queue receives the message body and attributes as sent;
    /// false: the SNS JSON envelope (`Type`, `MessageId`, `TopicArn`, `Subject`,
    /// `Message`, `Timestamp`, `MessageAttributes`).
    public var rawDelivery: Bool
    /// An SNS attribute filter policy (JSON object), or nil for every message.
    public var filterPolicyJSON: String?

    public init(topic: String, queue: String, rawDelivery: Bool = false, filterPolicyJSON: String? = nil) {
        self.topic = topic
        self.queue = queue
        self.rawDelivery = rawDelivery
        self.filterPolicyJSON = filterPolicyJSON
    }
}

public struct Subscription: Sendable, Hashable {
    /// The subscription's ARN, for `unsubscribe`.
    public var id: String
    /// The topic's ARN.
    public var topic: String
    /// "sqs".
    public var `protocol`: String
    /// The queue's ARN.
    public var endpoint: String
    public var rawDelivery: Bool
    public var filterPolicyJSON: String?

    public init(id: String, topic: String, protocol: String, endpoint: String, rawDelivery: Bool, filterPolicyJSON: String?) {
        self.id = id
        self.topic = topic
        self.protocol = `protocol`
        self.endpoint = endpoint
        self.rawDelivery = rawDelivery
        self.filterPolicyJSON = filterPolicyJSON
    }
}

public struct SubscriptionPage: Sendable, Hashable {
    public var subscriptions: [Subscription]
    public var nextPageToken: String?

    public init(subscriptions: [Subscription], nextPageToken: String?) {
        self.subscriptions = subscriptions
        self.nextPageToken = nextPageToken
    }
}
