import Foundation

/// Where a queue's messages go after too many receives.
public struct DeadLetterPolicy: Sendable, Hashable {
    /// The dead-letter queue: a name, URL or ARN.
    public var queue: String
    /// Receives after which a message moves there (1–1000).
    public var maxReceiveCount: Int

    public init(queue: String, maxReceiveCount: Int) {
        self.queue = queue
        self.maxReceiveCount = maxReceiveCount
    }
}

/// How to create a queue. Nil settings take the provider's defaults
/// (visibility 30 s, retention 4 days, no delay).
public struct QueueSpec: Sendable, Hashable {
    public var name: String
    /// FIFO queues need a name ending in `.fifo`.
    public var fifo: Bool
    public var contentBasedDeduplication: Bool
    public var visibilityTimeout: Int?
    public var retentionSeconds: Int?
    public var delaySeconds: Int?
    public var deadLetter: DeadLetterPolicy?

    public init(
        name: String, fifo: Bool = false, contentBasedDeduplication: Bool = false, visibilityTimeout: Int? = nil,
        retentionSeconds: Int? = nil, delaySeconds: Int? = nil, deadLetter: DeadLetterPolicy? = nil
    ) {
        self.name = name
        self.fifo = fifo
        self.contentBasedDeduplication = contentBasedDeduplication
        self.visibilityTimeout = visibilityTimeout
        self.retentionSeconds = retentionSeconds
        self.delaySeconds = delaySeconds
        self.deadLetter = deadLetter
    }
}

/// One message to send.
public struct SendMessageRequest: Sendable, Hashable {
    /// A name, URL or ARN.
    public var queue: String
    /// UTF-8 text (SQS bodies are text).
    public var body: String
    public var attributes: MessageAttributes
    /// Nil: the queue's default.
    public var delaySeconds: Int?
    /// FIFO only: the ordering group (required on FIFO queues).
    public var groupID: String?
    /// FIFO only: required unless the queue uses content-based deduplication.
    public var deduplicationID: String?

    public init(
        queue: String, body: String, attributes: MessageAttributes = [:], delaySeconds: Int? = nil, groupID: String? = nil,
        deduplicationID: String? = nil
    ) {
        self.queue = queue
        self.body = body
        self.attributes = attributes
        self.delaySeconds = delaySeconds
        self.groupID = groupID
        self.deduplicationID = deduplicationID
    }
}

/// What a send or publish returned.
public struct SentMessage: Sendable, Hashable {
    public var messageID: String
    /// FIFO only.
    public var sequenceNumber: String?

    public init(messageID: String, sequenceNumber: String? = nil) {
        self.messageID = messageID
        self.sequenceNumber = sequenceNumber
    }
}

/// The outcome of one entry of a batch call.
public struct BatchEntryResult: Sendable, Hashable {
    /// The entry's position in the request.
    public var index: Int
    /// The message id (sends and publishes), or nil on failure and for acknowledgements.
    public var messageID: String?
    /// Why this entry failed, or nil.
    public var error: CloudError?

    public init(index: Int, messageID: String? = nil, error: CloudError? = nil) {
        self.index = index
        self.messageID = messageID
        self.error = error
    }
}

public struct ReceiveRequest: Sendable, Hashable {
    public var queue: String
    /// 1–10.
    public var maxMessages: Int
    /// 0–20: how long to wait for a first message.
    public var waitSeconds: Int
    /// Nil: the queue's default.
    public var visibilityTimeout: Int?

    public init(queue: String, maxMessages: Int = 1, waitSeconds: Int = 0, visibilityTimeout: Int? = nil) {
        self.queue = queue
        self.maxMessages = maxMessages
        self.waitSeconds = waitSeconds
        self.visibilityTimeout = visibilityTimeout
    }
}

/// A received message; it stays invisible to other receivers until its
/// visibility timeout ends, and is gone once acknowledged.
public struct ReceivedMessage: Sendable, Hashable {
    public var messageID: String
    public var body: String
    /// Pass to `acknowledge` or `changeVisibility`.
    public var receiptHandle: String
    /// 1 on first delivery, more on redelivery.
    public var receiveCount: Int
    public var attributes: MessageAttributes
    /// FIFO only.
    public var groupID: String?
    public var sentAt: Date?

    public init(
        messageID: String, body: String, receiptHandle: String, receiveCount: Int, attributes: MessageAttributes = [:],
        groupID: String? = nil, sentAt: Date? = nil
    ) {
        self.messageID = messageID
        self.body = body
        self.receiptHandle = receiptHandle
        self.receiveCount = receiveCount
        self.attributes = attributes
        self.groupID = groupID
        self.sentAt = sentAt
    }
}

/// Approximate message counts of a queue.
public struct QueueCounts: Sendable, Hashable {
    public var visible: Int
    public var inFlight: Int
    public var delayed: Int

    public init(visible: Int, inFlight: Int, delayed: Int) {
        self.visible = visible
        self.inFlight = inFlight
        self.delayed = delayed
    }
}
