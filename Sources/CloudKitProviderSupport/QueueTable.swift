import CCloudKitABI
import CloudKitABI
import CloudKitModel

/// The provider's `ck_queue_v1` table: each entry reads its C input with the
/// queue codecs, runs the client's `MessageQueues` method, and writes the
/// result for the callback. Nothing but dispatch lives here.
enum QueueTable {
    typealias Client = OpaquePointer?
    typealias UserData = UnsafeMutableRawPointer?
    typealias CString = UnsafePointer<CChar>?

    /// Immutable after its one-time initialisation, so sharing it is safe.
    static let table = ck_queue_v1(
        struct_size: MemoryLayout<ck_queue_v1>.size, create_queue: createQueue, delete_queue: deleteQueue, send: send,
        send_batch: sendBatch, receive: receive, ack: ack, ack_batch: ackBatch, change_visibility: changeVisibility,
        purge: purge, counts: counts, list_queues: listQueues)

    // MARK: Delivery (shared with the pub/sub table)

    static func sent(_ callback: ck_sent_fn?, _ userData: UserData) -> @Sendable (Result<SentMessage, CloudError>) -> Void {
        let captured = UncheckedSendable((callback, userData))
        return { result in
            let arena = CArena()
            let (messageID, sequenceNumber) = SentMessageCodec.write(try? result.get(), arena)
            captured.value.0?(captured.value.1, ABIStatus.of(result, arena), messageID, sequenceNumber)
        }
    }

    static func batch(_ callback: ck_batch_fn?, _ userData: UserData) -> @Sendable (Result<[BatchEntryResult], CloudError>) -> Void {
        let captured = UncheckedSendable((callback, userData))
        return { result in
            let arena = CArena()
            let (entries, count) = BatchEntryCodec.write((try? result.get()) ?? [], arena)
            captured.value.0?(captured.value.1, ABIStatus.of(result, arena), entries, count)
        }
    }

    // MARK: Entries

    static let createQueue: @convention(c) (Client, UnsafePointer<ck_queue_spec>?, ck_string_fn?, UserData) -> Void = { client, spec, callback, userData in
        ProviderCall.start(client, .queue, key: userData, entry: "queue.create_queue", parse: { () throws(CloudError) in try QueueSpecCodec.read(spec) },
                           operation: { box, spec throws(CloudError) in try await box.queues().createQueue(spec) },
                           deliver: ProviderCall.string(callback, userData))
    }

    static let deleteQueue: @convention(c) (Client, CString, ck_done_fn?, UserData) -> Void = { client, queue, callback, userData in
        ProviderCall.start(client, .queue, key: userData, entry: "queue.delete_queue", parse: { () throws(CloudError) in try ABIInput.string(queue, "queue") },
                           operation: { box, queue throws(CloudError) in try await box.queues().deleteQueue(queue) },
                           deliver: ProviderCall.done(callback, userData))
    }

    static let send: @convention(c) (Client, UnsafePointer<ck_send_request>?, ck_sent_fn?, UserData) -> Void = { client, request, callback, userData in
        ProviderCall.start(client, .queue, key: userData, entry: "queue.send", parse: { () throws(CloudError) in try SendRequestCodec.read(request) },
                           operation: { box, request throws(CloudError) in try await box.queues().send(request) },
                           deliver: sent(callback, userData))
    }

    static let sendBatch: @convention(c) (Client, UnsafePointer<UnsafePointer<ck_send_request>?>?, Int, ck_batch_fn?, UserData) -> Void = {
        client, entries, count, callback, userData in
        ProviderCall.start(client, .queue, key: userData, entry: "queue.send_batch", parse: { () throws(CloudError) in try SendRequestCodec.read(entries, count) },
                           operation: { box, entries throws(CloudError) in try await box.queues().sendBatch(entries) },
                           deliver: batch(callback, userData))
    }

    static let receive: @convention(c) (Client, UnsafePointer<ck_receive_request>?, ck_messages_fn?, UserData) -> Void = {
        client, request, callback, userData in
        let captured = UncheckedSendable((callback, userData))
        ProviderCall.start(client, .queue, key: userData, entry: "queue.receive", parse: { () throws(CloudError) in try ReceiveRequestCodec.read(request) },
                           operation: { box, request throws(CloudError) in try await box.queues().receive(request) },
                           deliver: { result in
                               let arena = CArena()
                               let (messages, count) = MessageCodec.write((try? result.get()) ?? [], arena)
                               captured.value.0?(captured.value.1, ABIStatus.of(result, arena), messages, count)
                           })
    }

    static let ack: @convention(c) (Client, CString, CString, ck_done_fn?, UserData) -> Void = { client, queue, handle, callback, userData in
        ProviderCall.start(client, .queue, key: userData, entry: "queue.ack",
                           parse: { () throws(CloudError) in (try ABIInput.string(queue, "queue"), try ABIInput.string(handle, "receipt_handle")) },
                           operation: { box, input throws(CloudError) in try await box.queues().acknowledge(queue: input.0, receiptHandle: input.1) },
                           deliver: ProviderCall.done(callback, userData))
    }

    static let ackBatch: @convention(c) (Client, CString, UnsafePointer<UnsafePointer<CChar>?>?, Int, ck_batch_fn?, UserData) -> Void = {
        client, queue, handles, count, callback, userData in
        ProviderCall.start(client, .queue, key: userData, entry: "queue.ack_batch",
                           parse: { () throws(CloudError) in
                               (try ABIInput.string(queue, "queue"), try ABIInput.strings(handles, count, "receipt_handles"))
                           },
                           operation: { box, input throws(CloudError) in try await box.queues().acknowledgeBatch(queue: input.0, receiptHandles: input.1) },
                           deliver: batch(callback, userData))
    }

    static let changeVisibility: @convention(c) (Client, CString, CString, Int32, ck_done_fn?, UserData) -> Void = {
        client, queue, handle, seconds, callback, userData in
        ProviderCall.start(client, .queue, key: userData, entry: "queue.change_visibility",
                           parse: { () throws(CloudError) in (try ABIInput.string(queue, "queue"), try ABIInput.string(handle, "receipt_handle")) },
                           operation: { box, input throws(CloudError) in
                               try await box.queues().changeVisibility(queue: input.0, receiptHandle: input.1, seconds: Int(seconds))
                           },
                           deliver: ProviderCall.done(callback, userData))
    }

    static let purge: @convention(c) (Client, CString, ck_done_fn?, UserData) -> Void = { client, queue, callback, userData in
        ProviderCall.start(client, .queue, key: userData, entry: "queue.purge", parse: { () throws(CloudError) in try ABIInput.string(queue, "queue") },
                           operation: { box, queue throws(CloudError) in try await box.queues().purge(queue) },
                           deliver: ProviderCall.done(callback, userData))
    }

    static let counts: @convention(c) (Client, CString, ck_queue_counts_fn?, UserData) -> Void = { client, queue, callback, userData in
        let captured = UncheckedSendable((callback, userData))
        ProviderCall.start(client, .queue, key: userData, entry: "queue.counts", parse: { () throws(CloudError) in try ABIInput.string(queue, "queue") },
                           operation: { box, queue throws(CloudError) in try await box.queues().counts(queue) },
                           deliver: { result in
                               let arena = CArena()
                               let counts = (try? result.get()).map { QueueCountsCodec.write($0, arena) }
                               captured.value.0?(captured.value.1, ABIStatus.of(result, arena), counts)
                           })
    }

    static let listQueues: @convention(c) (Client, UnsafePointer<ck_list_request>?, ck_resources_fn?, UserData) -> Void = {
        client, request, callback, userData in
        ProviderCall.start(client, .queue, key: userData, entry: "queue.list_queues",
                           parse: { () throws(CloudError) in try ResourceListingCodec.read(request, operation: "list_queues") },
                           operation: { box, request throws(CloudError) in try await box.queues().listQueues(request) },
                           deliver: ProviderCall.resources(callback, userData))
    }
}

extension ClientBox {
    /// The client's message queues, or `unsupported`.
    func queues() throws(CloudError) -> any MessageQueues {
        guard let queues = client.queues else { throw CloudError(.unsupported, "this provider has no message queues") }
        return queues
    }
}
