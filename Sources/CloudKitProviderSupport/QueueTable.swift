import CCloudKitABI
import CloudKitABI
import CloudKitModel

/// The provider's `ck_queue_v1` table over the client's `MessageQueues`.
enum QueueTable {
    typealias Client = OpaquePointer?
    typealias UserData = UnsafeMutableRawPointer?
    typealias CString = UnsafePointer<CChar>?

    /// Immutable after its one-time initialisation, so sharing it is safe.
    nonisolated(unsafe) static let table = ck_queue_v1(
            struct_size: MemoryLayout<ck_queue_v1>.size, create_queue: createQueue, delete_queue: deleteQueue, send: send,
            send_batch: sendBatch, receive: receive, ack: ack, ack_batch: ackBatch, change_visibility: changeVisibility,
            purge: purge, counts: counts, list_queues: listQueues)


    static func sent(_ callback: ck_sent_fn?, _ userData: UserData) -> @Sendable (Result<SentMessage, CloudError>) -> Void {
        let captured = UncheckedSendable((callback, userData))
        return { MessageCValues.deliverSent(captured.value.0, captured.value.1, $0) }
    }

    static func batch(_ callback: ck_batch_fn?, _ userData: UserData) -> @Sendable (Result<[BatchEntryResult], CloudError>) -> Void {
        let captured = UncheckedSendable((callback, userData))
        return { MessageCValues.deliverBatch(captured.value.0, captured.value.1, $0) }
    }

    static let createQueue: @convention(c) (Client, UnsafePointer<ck_queue_spec>?, ck_string_fn?, UserData) -> Void = { client, spec, callback, userData in
        ProviderCall.start(client, key: userData, parse: { () throws(CloudError) in try QueueCRequests.queueSpec(spec) },
                           operation: { box, spec throws(CloudError) in try await box.queues().createQueue(spec) },
                           deliver: ProviderCall.string(callback, userData))
    }

    static let deleteQueue: @convention(c) (Client, CString, ck_done_fn?, UserData) -> Void = { client, queue, callback, userData in
        ProviderCall.start(client, key: userData, parse: { () throws(CloudError) in try ABIInput.string(queue, "queue") },
                           operation: { box, queue throws(CloudError) in try await box.queues().deleteQueue(queue) },
                           deliver: ProviderCall.done(callback, userData))
    }

    static let send: @convention(c) (Client, UnsafePointer<ck_send_request>?, ck_sent_fn?, UserData) -> Void = { client, request, callback, userData in
        ProviderCall.start(client, key: userData, parse: { () throws(CloudError) in try QueueCRequests.send(request) },
                           operation: { box, request throws(CloudError) in try await box.queues().send(request) },
                           deliver: sent(callback, userData))
    }

    static let sendBatch: @convention(c) (Client, UnsafePointer<UnsafePointer<ck_send_request>?>?, Int, ck_batch_fn?, UserData) -> Void = {
        client, entries, count, callback, userData in
        ProviderCall.start(client, key: userData, parse: { () throws(CloudError) in try QueueCRequests.sends(entries, count) },
                           operation: { box, entries throws(CloudError) in try await box.queues().sendBatch(entries) },
                           deliver: batch(callback, userData))
    }

    static let receive: @convention(c) (Client, UnsafePointer<ck_receive_request>?, ck_messages_fn?, UserData) -> Void = {
        client, request, callback, userData in
        let captured = UncheckedSendable((callback, userData))
        ProviderCall.start(client, key: userData, parse: { () throws(CloudError) in try QueueCRequests.receive(request) },
                           operation: { box, request throws(CloudError) in try await box.queues().receive(request) },
                           deliver: { result in
                               let arena = CArena()
                               let messages = ((try? result.get()) ?? []).map { MessageCValues.message($0, arena) }
                               captured.value.0?(captured.value.1, ABIStatus.of(result, arena), UnsafePointer(arena.array(messages)), messages.count)
                           })
    }

    static let ack: @convention(c) (Client, CString, CString, ck_done_fn?, UserData) -> Void = { client, queue, handle, callback, userData in
        ProviderCall.start(client, key: userData, parse: { () throws(CloudError) in (try ABIInput.string(queue, "queue"), try ABIInput.string(handle, "receipt_handle")) },
                           operation: { box, input throws(CloudError) in try await box.queues().acknowledge(queue: input.0, receiptHandle: input.1) },
                           deliver: ProviderCall.done(callback, userData))
    }

    static let ackBatch: @convention(c) (Client, CString, UnsafePointer<UnsafePointer<CChar>?>?, Int, ck_batch_fn?, UserData) -> Void = {
        client, queue, handles, count, callback, userData in
        ProviderCall.start(client, key: userData, parse: { () throws(CloudError) in
                               (try ABIInput.string(queue, "queue"), try ABIInput.strings(handles, count, "receipt_handles"))
                           },
                           operation: { box, input throws(CloudError) in try await box.queues().acknowledgeBatch(queue: input.0, receiptHandles: input.1) },
                           deliver: batch(callback, userData))
    }

    static let changeVisibility: @convention(c) (Client, CString, CString, Int32, ck_done_fn?, UserData) -> Void = {
        client, queue, handle, seconds, callback, userData in
        ProviderCall.start(client, key: userData, parse: { () throws(CloudError) in (try ABIInput.string(queue, "queue"), try ABIInput.string(handle, "receipt_handle")) },
                           operation: { box, input throws(CloudError) in
                               try await box.queues().changeVisibility(queue: input.0, receiptHandle: input.1, seconds: Int(seconds))
                           },
                           deliver: ProviderCall.done(callback, userData))
    }

    static let purge: @convention(c) (Client, CString, ck_done_fn?, UserData) -> Void = { client, queue, callback, userData in
        ProviderCall.start(client, key: userData, parse: { () throws(CloudError) in try ABIInput.string(queue, "queue") },
                           operation: { box, queue throws(CloudError) in try await box.queues().purge(queue) },
                           deliver: ProviderCall.done(callback, userData))
    }

    static let counts: @convention(c) (Client, CString, ck_queue_counts_fn?, UserData) -> Void = { client, queue, callback, userData in
        let captured = UncheckedSendable((callback, userData))
        ProviderCall.start(client, key: userData, parse: { () throws(CloudError) in try ABIInput.string(queue, "queue") },
                           operation: { box, queue throws(CloudError) in try await box.queues().counts(queue) },
                           deliver: { result in
                               let arena = CArena()
                               let counts = (try? result.get()).map {
                                   UnsafePointer(arena.value(ck_queue_counts(
                                       struct_size: MemoryLayout<ck_queue_counts>.size, visible: Int64($0.visible),
                                       in_flight: Int64($0.inFlight), delayed: Int64($0.delayed))))
                               }
                               captured.value.0?(captured.value.1, ABIStatus.of(result, arena), counts)
                           })
    }

    static let listQueues: @convention(c) (Client, UnsafePointer<ck_list_request>?, ck_resources_fn?, UserData) -> Void = {
        client, request, callback, userData in
        ProviderCall.start(client, key: userData,
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

    /// The client's publish/subscribe, or `unsupported`.
    func pubsub() throws(CloudError) -> any PubSub {
        guard let pubsub = client.pubsub else { throw CloudError(.unsupported, "this provider has no publish/subscribe") }
        return pubsub
    }
}
