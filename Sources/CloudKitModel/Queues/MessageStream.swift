/// The messages of a queue as they arrive, as an `AsyncSequence`: a
/// consumer loop without the loop. Each step long polls (`receive` with the
/// request's wait, 20 s unless told otherwise) until a batch comes and hands
/// its messages over one by one; an empty wait is followed by another. The
/// sequence never ends by itself: it ends (returns nil) when the iterating
/// task is cancelled, and throws any other error of a receive.
///
/// Messages are not acknowledged for the caller: acknowledge each when it
/// is handled, or it comes back after its visibility timeout, as in SQS.
///
/// ```swift
/// for try await message in cloud.queues.messages(of: "jobs") {
///     try await handle(message)
///     try await cloud.queues.acknowledge(queue: "jobs", receiptHandle: message.receiptHandle)
/// }
/// ```
public struct MessageStream: AsyncSequence, Sendable {
    public typealias Element = ReceivedMessage
    public typealias Failure = CloudError

    private let queues: any MessageQueues
    private let request: ReceiveRequest

    init(queues: any MessageQueues, request: ReceiveRequest) {
        self.queues = queues
        self.request = request
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(queues: queues, request: request)
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        public typealias Failure = CloudError
        private let queues: any MessageQueues
        private let request: ReceiveRequest
        private var batch: [ReceivedMessage] = []
        private var position = 0

        init(queues: any MessageQueues, request: ReceiveRequest) {
            self.queues = queues
            self.request = request
        }

        public mutating func next() async throws(CloudError) -> ReceivedMessage? {
            while position == batch.count {
                if Task.isCancelled { return nil }
                do {
                    batch = try await queues.receive(request)
                } catch where error.kind == .cancelled && Task.isCancelled {
                    return nil
                }
                position = 0
            }
            defer { position += 1 }
            return batch[position]
        }
    }
}

extension MessageQueues {
    /// The messages of `queue` as they arrive, `maxMessages` (1–10) per
    /// receive, each receive waiting up to `waitSeconds` (0–20) and hiding
    /// what it takes for `visibilityTimeout` (nil: the queue's default).
    /// See `MessageStream`.
    public func messages(of queue: String, maxMessages: Int = 10, waitSeconds: Int = 20, visibilityTimeout: Int? = nil) -> MessageStream {
        MessageStream(
            queues: self,
            request: ReceiveRequest(queue: queue, maxMessages: maxMessages, waitSeconds: waitSeconds, visibilityTimeout: visibilityTimeout))
    }
}
