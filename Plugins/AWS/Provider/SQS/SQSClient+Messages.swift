import CloudKitModel
import Foundation

extension SQSClient {
    /// The JSON of one message to send (without `QueueUrl`).
    func entry(_ request: SendMessageRequest) throws(CloudError) -> [String: JSONValue] {
        try QueueValidation.validate(request)
        var body: [String: JSONValue] = ["MessageBody": .string(request.body)]
        if !request.attributes.isEmpty { body["MessageAttributes"] = SQSValues.wire(request.attributes) }
        if let delay = request.delaySeconds { body["DelaySeconds"] = .number(String(delay)) }
        if let group = request.groupID { body["MessageGroupId"] = .string(group) }
        if let deduplication = request.deduplicationID { body["MessageDeduplicationId"] = .string(deduplication) }
        return body
    }

    /// Sends one message; the MD5s SQS reports of its body and attributes must match (`SQSMessageDigest`).
    public func send(_ request: SendMessageRequest) async throws(CloudError) -> SentMessage {
        var body = try entry(request)
        body["QueueUrl"] = .string(try await url(request.queue))
        // Sending again could deliver twice, unless a FIFO deduplication id makes SQS drop the copy.
        let reply = try await call("SendMessage", body, idempotent: request.deduplicationID != nil)
        guard let id = reply["MessageId"]?.stringValue else { throw .internal("SendMessage returned no MessageId") }
        try SQSMessageDigest.checkSent(body, reply: reply)
        return SentMessage(messageID: id, sequenceNumber: reply["SequenceNumber"]?.stringValue)
    }

    /// Sends messages in batches of 10; an entry whose reported MD5s do not
    /// match what was sent fails alone with `MD5Mismatch`.
    public func sendBatch(_ entries: [SendMessageRequest]) async throws(CloudError) -> [BatchEntryResult] {
        guard !entries.isEmpty else { throw .invalidArgument("a batch needs at least one entry") }
        var results: [BatchEntryResult?] = Array(repeating: nil, count: entries.count)
        var byQueue: [String: [(Int, [String: JSONValue])]] = [:]
        var order: [String] = []
        for (index, request) in entries.enumerated() {
            do throws(CloudError) {
                var body = try entry(request)
                body["Id"] = .string(String(index))
                if byQueue[request.queue] == nil { order.append(request.queue) }
                byQueue[request.queue, default: []].append((index, body))
            } catch {
                results[index] = BatchEntryResult(index: index, error: error)
            }
        }
        for queue in order {
            let queueEntries = byQueue[queue] ?? []
            let url: String
            do throws(CloudError) {
                url = try await self.url(queue)
            } catch {
                for (index, _) in queueEntries { results[index] = BatchEntryResult(index: index, error: error) }
                continue
            }
            for chunk in stride(from: 0, to: queueEntries.count, by: MessageLimits.batchSize) {
                let slice = queueEntries[chunk..<min(chunk + MessageLimits.batchSize, queueEntries.count)]
                let deduplicated = slice.allSatisfy { $0.1["MessageDeduplicationId"] != nil }
                let reply = try await call(
                    "SendMessageBatch", ["QueueUrl": .string(url), "Entries": .array(slice.map { .object($0.1) })], idempotent: deduplicated,
                    failuresInReply: true)
                let sent = Dictionary(slice.map { ($0.0, $0.1) }, uniquingKeysWith: { first, _ in first })
                for success in reply["Successful"]?.arrayValue ?? [] {
                    if let id = success["Id"]?.stringValue, let index = Int(id), let entry = sent[index] {
                        do throws(CloudError) {
                            try SQSMessageDigest.checkSent(entry, reply: success)
                            results[index] = BatchEntryResult(index: index, messageID: success["MessageId"]?.stringValue)
                        } catch {
                            results[index] = BatchEntryResult(index: index, error: error)
                        }
                    }
                }
                for failure in reply["Failed"]?.arrayValue ?? [] {
                    if let id = failure["Id"]?.stringValue, let index = Int(id), results.indices.contains(index) {
                        results[index] = BatchEntryResult(index: index, error: SQSValues.entryError(failure))
                    }
                }
            }
        }
        return results.enumerated().map { index, result in
            result ?? BatchEntryResult(index: index, error: .internal("SQS reported nothing for this entry"))
        }
    }

    /// Receives up to `maxMessages` messages. As the AWS SDKs do, a message
    /// whose reported MD5s do not match its body or attributes fails the
    /// whole receive (`MD5Mismatch`); the messages come back after their
    /// visibility timeout.
    public func receive(_ request: ReceiveRequest) async throws(CloudError) -> [ReceivedMessage] {
        try QueueValidation.validate(request)
        var body: [String: JSONValue] = [
            "QueueUrl": .string(try await url(request.queue)), "MaxNumberOfMessages": .number(String(request.maxMessages)),
            "WaitTimeSeconds": .number(String(request.waitSeconds)), "MessageAttributeNames": .array([.string("All")]),
            "MessageSystemAttributeNames": .array([.string("All")]), "AttributeNames": .array([.string("All")]),
        ]
        if let visibility = request.visibilityTimeout { body["VisibilityTimeout"] = .number(String(visibility)) }
        let reply = try await call("ReceiveMessage", body, serverWait: Double(request.waitSeconds))
        var messages: [ReceivedMessage] = []
        for message in reply["Messages"]?.arrayValue ?? [] {
            guard let id = message["MessageId"]?.stringValue, let handle = message["ReceiptHandle"]?.stringValue else {
                throw .internal("ReceiveMessage returned a message without an id or receipt handle")
            }
            try SQSMessageDigest.checkReceived(message)
            let system = message["Attributes"]
            messages.append(ReceivedMessage(
                messageID: id, body: message["Body"]?.stringValue ?? "", receiptHandle: handle,
                receiveCount: Int(system?["ApproximateReceiveCount"]?.stringValue ?? "") ?? 1,
                attributes: SQSValues.attributes(message["MessageAttributes"]), groupID: system?["MessageGroupId"]?.stringValue,
                sentAt: (system?["SentTimestamp"]?.stringValue).flatMap(Double.init).map { Date(timeIntervalSince1970: $0 / 1000) }))
        }
        return messages
    }

    public func acknowledge(queue: String, receiptHandle: String) async throws(CloudError) {
        _ = try await call("DeleteMessage", ["QueueUrl": .string(try await url(queue)), "ReceiptHandle": .string(receiptHandle)])
    }

    public func acknowledgeBatch(queue: String, receiptHandles: [String]) async throws(CloudError) -> [BatchEntryResult] {
        guard !receiptHandles.isEmpty else { throw .invalidArgument("a batch needs at least one entry") }
        let url = try await url(queue)
        var results: [BatchEntryResult] = receiptHandles.indices.map { BatchEntryResult(index: $0, error: .internal("SQS reported nothing for this entry")) }
        for chunk in stride(from: 0, to: receiptHandles.count, by: MessageLimits.batchSize) {
            let indices = chunk..<min(chunk + MessageLimits.batchSize, receiptHandles.count)
            let entries: [JSONValue] = indices.map { .object(["Id": .string(String($0)), "ReceiptHandle": .string(receiptHandles[$0])]) }
            let reply = try await call("DeleteMessageBatch", ["QueueUrl": .string(url), "Entries": .array(entries)], failuresInReply: true)
            for success in reply["Successful"]?.arrayValue ?? [] {
                if let index = success["Id"]?.stringValue.flatMap(Int.init), results.indices.contains(index) { results[index] = BatchEntryResult(index: index) }
            }
            for failure in reply["Failed"]?.arrayValue ?? [] {
                if let index = failure["Id"]?.stringValue.flatMap(Int.init), results.indices.contains(index) {
                    results[index] = BatchEntryResult(index: index, error: SQSValues.entryError(failure))
                }
            }
        }
        return results
    }

    public func changeVisibility(queue: String, receiptHandle: String, seconds: Int) async throws(CloudError) {
        guard (0...MessageLimits.maximumVisibilitySeconds).contains(seconds) else {
            throw .invalidArgument("a visibility timeout is 0 to \(MessageLimits.maximumVisibilitySeconds) seconds")
        }
        _ = try await call("ChangeMessageVisibility", [
            "QueueUrl": .string(try await url(queue)), "ReceiptHandle": .string(receiptHandle), "VisibilityTimeout": .number(String(seconds)),
        ])
    }
}
