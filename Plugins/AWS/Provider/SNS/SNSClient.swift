import AWSAuth
import AWSHTTP
import CloudKitModel
import CloudKitProviderSupport
import Foundation

/// Publish/subscribe on Amazon SNS (query protocol, XML replies, SigV4),
/// implementing `PubSub`. Topics may be named by name (the ARN is built from
/// the region and the caller's account) or ARN. Subscriptions deliver to SQS
/// queues; subscribing sets the queue policy that lets the topic send.
public final class SNSClient: PubSub {
    let service: AWSQueryService
    let account: AWSAccount
    let sqs: SQSClient

    init(configuration: AWSConfiguration, transport: CurlTransport, credentials: any CredentialProvider, account: AWSAccount,
         sqs: SQSClient, logger: ProviderLogger) throws(CloudError) {
        service = AWSQueryService(sender: AWSServiceSender(
            name: "SNS", signingName: "sns", endpoint: try ServiceEndpoint(configuration: configuration, service: "SNS", hostPrefix: "sns"),
            configuration: configuration, transport: transport, credentials: credentials, logger: logger), version: "2010-03-31")
        self.account = account
        self.sqs = sqs
    }

    /// The topic's ARN from a name or ARN.
    func arn(_ topic: String) async throws(CloudError) -> String {
        if topic.hasPrefix("arn:") { return topic }
        try MessageLimits.validateName(topic, fifo: topic.hasSuffix(".fifo"), "topic")
        return try await account.arn(service: "sns", name: topic)
    }

    public func createTopic(_ spec: TopicSpec) async throws(CloudError) -> String {
        try MessageLimits.validateName(spec.name, fifo: spec.fifo, "topic")
        guard !spec.contentBasedDeduplication || spec.fifo else { throw .invalidArgument("content-based deduplication needs a FIFO topic") }
        var attributes: [(String, String)] = []
        if spec.fifo { attributes.append(("FifoTopic", "true")) }
        if spec.contentBasedDeduplication { attributes.append(("ContentBasedDeduplication", "true")) }
        let result = try await service.call("CreateTopic", [("Name", spec.name)] + SNSParameters.map("Attributes", attributes))
        guard let arn = result.text("TopicArn") else { throw .internal("CreateTopic returned no TopicArn") }
        return arn
    }

    public func deleteTopic(_ topic: String) async throws(CloudError) {
        _ = try await service.call("DeleteTopic", [("TopicArn", try await arn(topic))])
    }

    public func publish(_ request: PublishRequest) async throws(CloudError) -> SentMessage {
        let parameters = try SNSParameters.message(request)
        // Publishing again could deliver twice, unless a FIFO deduplication id makes SNS drop the copy.
        let result = try await service.call(
            "Publish", [("TopicArn", try await arn(request.topic))] + parameters, idempotent: request.deduplicationID != nil)
        guard let id = result.text("MessageId") else { throw .internal("Publish returned no MessageId") }
        return SentMessage(messageID: id, sequenceNumber: result.text("SequenceNumber"))
    }

    public func publishBatch(_ entries: [PublishRequest]) async throws(CloudError) -> [BatchEntryResult] {
        guard !entries.isEmpty else { throw .invalidArgument("a batch needs at least one entry") }
        var results: [BatchEntryResult?] = Array(repeating: nil, count: entries.count)
        var byTopic: [String: [(Int, PublishRequest)]] = [:]
        var order: [String] = []
        for (index, entry) in entries.enumerated() {
            if byTopic[entry.topic] == nil { order.append(entry.topic) }
            byTopic[entry.topic, default: []].append((index, entry))
        }
        for topic in order {
            let members = byTopic[topic] ?? []
            let topicARN: String
            do throws(CloudError) {
                topicARN = try await arn(topic)
            } catch {
                for (index, _) in members { results[index] = BatchEntryResult(index: index, error: error) }
                continue
            }
            for chunk in stride(from: 0, to: members.count, by: MessageLimits.batchSize) {
                var parameters = [("TopicArn", topicARN)]
                var position = 0
                let chunkMembers = members[chunk..<min(chunk + MessageLimits.batchSize, members.count)]
                for (index, entry) in chunkMembers {
                    do throws(CloudError) {
                        let prefix = "PublishBatchRequestEntries.member.\(position + 1)."
                        let message = try SNSParameters.message(entry, prefix: prefix)
                        parameters += [("\(prefix)Id", String(index))] + message
                        position += 1
                    } catch {
                        results[index] = BatchEntryResult(index: index, error: error)
                    }
                }
                guard position > 0 else { continue }
                let deduplicated = chunkMembers.allSatisfy { $0.1.deduplicationID != nil }
                let result = try await service.call("PublishBatch", parameters, idempotent: deduplicated, failuresInReply: true)
                for member in result.child("Successful")?.all("member") ?? [] {
                    if let index = member.text("Id").flatMap(Int.init), results.indices.contains(index) {
                        results[index] = BatchEntryResult(index: index, messageID: member.text("MessageId"))
                    }
                }
                for member in result.child("Failed")?.all("member") ?? [] {
                    if let index = member.text("Id").flatMap(Int.init), results.indices.contains(index) {
                        results[index] = BatchEntryResult(index: index, error: AWSErrorMapper.entryError(
                            code: member.text("Code"), message: member.text("Message"), senderFault: member.text("SenderFault") != "false"))
                    }
                }
            }
        }
        return results.enumerated().map { index, result in
            result ?? BatchEntryResult(index: index, error: .internal("SNS reported nothing for this entry"))
        }
    }
}
