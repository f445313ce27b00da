import CCloudKitABI
import CloudKitABI

/// `MessageQueues` over a provider's `ck_queue_v1` table: requests are
/// written and results read with the queue codecs of `CloudKitABI`.
final class ABIMessageQueues: MessageQueues {
    private let client: ClientHandle

    init(client: ClientHandle) {
        self.client = client
    }

    /// The entry `path` of the table, and the open client; `unsupported` when absent.
    private func entry<Entry>(_ path: KeyPath<ck_queue_v1, Entry?>, _ name: String) throws(CloudError) -> (Entry, OpaquePointer) {
        try client.entry(client.library.queue, path, service: "message queues", name: name)
    }

    /// The completion of `receive`.
    private static let messagesCallback: ck_messages_fn = { userData, status, messages, count in
        if let error = ABIStatus.error(status) {
            ABICompletion<[ReceivedMessage]>.finish(userData, .failure(error))
        } else {
            ABICompletion<[ReceivedMessage]>.finish(userData, Result { () throws(CloudError) in try MessageCodec.read(messages, count) })
        }
    }

    /// The completion of `counts`.
    private static let countsCallback: ck_queue_counts_fn = { userData, status, counts in
        if let error = ABIStatus.error(status) {
            ABICompletion<QueueCounts>.finish(userData, .failure(error))
        } else {
            ABICompletion<QueueCounts>.finish(userData, Result { () throws(CloudError) in try QueueCountsCodec.read(counts) })
        }
    }

    func listQueues(_ request: ListResourcesRequest) async throws(CloudError) -> ResourcePage {
        let (entry, client) = try entry(\.list_queues, "list_queues")
        return try await self.client.listResources(entry, client, request)
    }

    func createQueue(_ spec: QueueSpec) async throws(CloudError) -> String {
        let (entry, client) = try entry(\.create_queue, "create_queue")
        let arena = CArena()
        let call = QueueSpecCodec.write(spec, arena)
        return try await ABICompletion<String>.perform(cancellingWith: self.client, keepAlive: [arena]) { userData in
            withUnsafePointer(to: call) { entry(client, $0, ABICallbacks.string, userData) }
        }
    }

    func deleteQueue(_ queue: String) async throws(CloudError) {
        let (entry, client) = try entry(\.delete_queue, "delete_queue")
        try await ABICompletion<Void>.perform(cancellingWith: self.client) { entry(client, queue, ABICallbacks.done, $0) }
    }

    func send(_ request: SendMessageRequest) async throws(CloudError) -> SentMessage {
        let (entry, client) = try entry(\.send, "send")
        let arena = CArena()
        let call = SendRequestCodec.write(request, arena)
        return try await ABICompletion<SentMessage>.perform(cancellingWith: self.client, keepAlive: [arena]) {
            entry(client, call, ABICallbacks.sent, $0)
        }
    }

    func sendBatch(_ entries: [SendMessageRequest]) async throws(CloudError) -> [BatchEntryResult] {
        let (entry, client) = try entry(\.send_batch, "send_batch")
        let arena = CArena()
        let (list, count) = SendRequestCodec.write(entries, arena)
        return try await ABICompletion<[BatchEntryResult]>.perform(cancellingWith: self.client, keepAlive: [arena]) {
            entry(client, list, count, ABICallbacks.batch, $0)
        }
    }

    func receive(_ request: ReceiveRequest) async throws(CloudError) -> [ReceivedMessage] {
        let (entry, client) = try entry(\.receive, "receive")
        let arena = CArena()
        let call = ReceiveRequestCodec.write(request, arena)
        return try await ABICompletion<[ReceivedMessage]>.perform(cancellingWith: self.client, keepAlive: [arena]) { userData in
            withUnsafePointer(to: call) { entry(client, $0, Self.messagesCallback, userData) }
        }
    }

    func acknowledge(queue: String, receiptHandle: String) async throws(CloudError) {
        let (entry, client) = try entry(\.ack, "ack")
        try await ABICompletion<Void>.perform(cancellingWith: self.client) { entry(client, queue, receiptHandle, ABICallbacks.done, $0) }
    }

    func acknowledgeBatch(queue: String, receiptHandles: [String]) async throws(CloudError) -> [BatchEntryResult] {
        let (entry, client) = try entry(\.ack_batch, "ack_batch")
        let arena = CArena()
        let handles = arena.strings(receiptHandles).map { UnsafePointer($0) }
        return try await ABICompletion<[BatchEntryResult]>.perform(cancellingWith: self.client, keepAlive: [arena]) {
            entry(client, queue, handles, receiptHandles.count, ABICallbacks.batch, $0)
        }
    }

    func changeVisibility(queue: String, receiptHandle: String, seconds: Int) async throws(CloudError) {
        let (entry, client) = try entry(\.change_visibility, "change_visibility")
        try await ABICompletion<Void>.perform(cancellingWith: self.client) {
            entry(client, queue, receiptHandle, Int32(clamping: seconds), ABICallbacks.done, $0)
        }
    }

    func purge(_ queue: String) async throws(CloudError) {
        let (entry, client) = try entry(\.purge, "purge")
        try await ABICompletion<Void>.perform(cancellingWith: self.client) { entry(client, queue, ABICallbacks.done, $0) }
    }

    func counts(_ queue: String) async throws(CloudError) -> QueueCounts {
        let (entry, client) = try entry(\.counts, "counts")
        return try await ABICompletion<QueueCounts>.perform(cancellingWith: self.client) { entry(client, queue, Self.countsCallback, $0) }
    }
}

/// The completions queues and pub/sub share.
extension ABICallbacks {
    /// The completion of `send` and `publish`.
    static let sent: ck_sent_fn = { userData, status, messageID, sequenceNumber in
        if let error = ABIStatus.error(status) {
            ABICompletion<SentMessage>.finish(userData, .failure(error))
        } else {
            ABICompletion<SentMessage>.finish(userData, Result { () throws(CloudError) in try SentMessageCodec.read(messageID, sequenceNumber) })
        }
    }

    /// The completion of `send_batch`, `ack_batch` and `publish_batch`.
    static let batch: ck_batch_fn = { userData, status, entries, count in
        if let error = ABIStatus.error(status) {
            ABICompletion<[BatchEntryResult]>.finish(userData, .failure(error))
        } else {
            ABICompletion<[BatchEntryResult]>.finish(userData, Result { () throws(CloudError) in try BatchEntryCodec.read(entries, count) })
        }
    }
}
