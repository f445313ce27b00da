/// Message queues with SQS's model: at-least-once delivery, visibility
/// timeouts, dead-letter queues, and FIFO queues with ordered groups and
/// deduplication.
///
/// A queue is named by its name, URL or ARN everywhere. The host's
/// ABI-backed client and every provider's backend implement this protocol.
/// All methods are safe to call concurrently and throw only `CloudError`.
public protocol MessageQueues: Sendable {
    /// Creates a queue (or returns the existing one when its settings match) and returns its URL.
    func createQueue(_ spec: QueueSpec) async throws(CloudError) -> String
    func deleteQueue(_ queue: String) async throws(CloudError)
    func send(_ request: SendMessageRequest) async throws(CloudError) -> SentMessage
    /// Sends any number of messages (split into batches of 10); one result per entry, in order.
    func sendBatch(_ entries: [SendMessageRequest]) async throws(CloudError) -> [BatchEntryResult]
    /// Up to `maxMessages` messages, waiting up to `waitSeconds` for the first.
    func receive(_ request: ReceiveRequest) async throws(CloudError) -> [ReceivedMessage]
    /// Deletes a received message.
    func acknowledge(queue: String, receiptHandle: String) async throws(CloudError)
    func acknowledgeBatch(queue: String, receiptHandles: [String]) async throws(CloudError) -> [BatchEntryResult]
    /// Makes a received message visible again after `seconds` (0: now).
    func changeVisibility(queue: String, receiptHandle: String, seconds: Int) async throws(CloudError)
    /// Deletes every message of the queue.
    func purge(_ queue: String) async throws(CloudError)
    func counts(_ queue: String) async throws(CloudError) -> QueueCounts
    /// One page of the queues; each summary's identifier is the queue's URL.
    func listQueues(_ request: ListResourcesRequest) async throws(CloudError) -> ResourcePage
}
