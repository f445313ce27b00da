import CloudKit

/// Every queue case, in the order a run reports them.
enum QueueCases {
    static let all: [ConformanceCase] = QueueMessageCases.all + QueueDeliveryCases.all

    /// Receives (waiting up to 1 s each time) until `count` messages arrived
    /// or `attempts` receives came back empty; acknowledges each when asked.
    static func drain(
        _ queues: any MessageQueues, _ queue: String, count: Int, attempts: Int = 5, acknowledge: Bool = false
    ) async throws -> [ReceivedMessage] {
        var messages: [ReceivedMessage] = []
        var empty = 0
        while messages.count < count && empty < attempts {
            let batch = try await queues.receive(ReceiveRequest(queue: queue, maxMessages: 10, waitSeconds: 1))
            if batch.isEmpty { empty += 1 }
            if acknowledge {
                for message in batch { try await queues.acknowledge(queue: queue, receiptHandle: message.receiptHandle) }
            }
            messages += batch
        }
        return messages
    }
}
