import CCloudKitABI
import CloudKitABI

/// `MessageQueues` over a provider's `ck_queue_v1` table.
final class ABIMessageQueues: MessageQueues {
    private let client: ClientHandle

    init(client: ClientHandle) {
        self.client = client
    }

    /// The entry `path` of the table, and the open client; `unsupported` when absent.
    private func entry<Entry>(_ path: KeyPath<ck_queue_v1, Entry?>, _ name: String) throws(CloudError) -> (Entry, OpaquePointer) {
        try client.entry(client.library.queue, path, service: "message queues", name: name)
    }

    func listQueues(_ request: ListResourcesRequest) async throws(CloudError) -> ResourcePage {
        let (entry, client) = try entry(\.list_queues, "list_queues")
        return try await self.client.listResources(entry, client, request)
    }

    func createQueue(_ spec: QueueSpec) async throws(CloudError) -> String {
        let (entry, client) = try entry(\.create_queue, "create_queue")
        let arena = CArena()
        let call = ck_queue_spec(
            struct_size: MemoryLayout<ck_queue_spec>.size, name: arena.string(spec.name), fifo: spec.fifo ? 1 : 0,
            content_based_deduplication: spec.contentBasedDeduplication ? 1 : 0,
            visibility_timeout_seconds: ABIMessageValues.seconds(spec.visibilityTimeout),
            retention_seconds: ABIMessageValues.seconds(spec.retentionSeconds), delay_seconds: ABIMessageValues.seconds(spec.delaySeconds),
            dead_letter_queue: arena.string(spec.deadLetter?.queue), max_receive_count: Int32(clamping: spec.deadLetter?.maxReceiveCount ?? 0), reserved0: 0, options: nil, option_count: 0)
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
        let call = ABIMessageValues.send(request, arena)
        return try await ABICompletion<SentMessage>.perform(cancellingWith: self.client, keepAlive: [arena]) { entry(client, call, ABIMessageValues.sentCallback, $0) }
    }

    func sendBatch(_ entries: [SendMessageRequest]) async throws(CloudError) -> [BatchEntryResult] {
        let (entry, client) = try entry(\.send_batch, "send_batch")
        let arena = CArena()
        let list: [UnsafePointer<ck_send_request>?] = entries.map { ABIMessageValues.send($0, arena) }
        let array = UnsafePointer(arena.array(list))
        return try await ABICompletion<[BatchEntryResult]>.perform(cancellingWith: self.client, keepAlive: [arena]) {
            entry(client, array, list.count, ABIMessageValues.batchCallback, $0)
        }
    }

    func receive(_ request: ReceiveRequest) async throws(CloudError) -> [ReceivedMessage] {
        let (entry, client) = try entry(\.receive, "receive")
        let arena = CArena()
        let call = ck_receive_request(
            struct_size: MemoryLayout<ck_receive_request>.size, queue: arena.string(request.queue),
            max_messages: Int32(clamping: request.maxMessages), wait_seconds: Int32(clamping: request.waitSeconds),
            visibility_timeout_seconds: ABIMessageValues.seconds(request.visibilityTimeout), reserved0: 0, options: nil, option_count: 0)
        return try await ABICompletion<[ReceivedMessage]>.perform(cancellingWith: self.client, keepAlive: [arena]) { userData in
            withUnsafePointer(to: call) { entry(client, $0, ABIMessageValues.messagesCallback, userData) }
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
            entry(client, queue, handles, receiptHandles.count, ABIMessageValues.batchCallback, $0)
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
        return try await ABICompletion<QueueCounts>.perform(cancellingWith: self.client) { entry(client, queue, ABIMessageValues.countsCallback, $0) }
    }
}
