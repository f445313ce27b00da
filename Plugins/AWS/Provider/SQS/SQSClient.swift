import AWSAuth
import AWSHTTP
import CloudKitModel
import CloudKitProviderSupport
import Foundation
import Synchronization

/// Message queues on Amazon SQS (JSON 1.0 protocol, SigV4), implementing
/// `MessageQueues`. A queue may be named by name (resolved once with
/// `GetQueueUrl` and cached), URL or ARN. Endpoint: `endpoint_url`, else
/// `AWS_ENDPOINT_URL_SQS`, else `AWS_ENDPOINT_URL`, else the region's.
public final class SQSClient: MessageQueues {
    let service: AWSJSONService
    private let urls = Locked<[String: String]>([:])

    public init(configuration: AWSConfiguration, transport: CurlTransport, credentials: any CredentialProvider, logger: ProviderLogger) throws(CloudError) {
        service = AWSJSONService(sender: AWSServiceSender(
            name: "SQS", signingName: "sqs", endpoint: try ServiceEndpoint(configuration: configuration, service: "SQS", hostPrefix: "sqs"),
            configuration: configuration, transport: transport, credentials: credentials, logger: logger), targetPrefix: "AmazonSQS")
    }

    /// Calls `operation`; see `AWSJSONService.call` for `idempotent`, `failuresInReply` and `serverWait` (a long poll's wait in seconds).
    func call(
        _ operation: String, _ body: [String: JSONValue], idempotent: Bool = true, failuresInReply: Bool = false, serverWait: Double = 0
    ) async throws(CloudError) -> JSONValue {
        try await service.call(operation, .object(body), idempotent: idempotent, failuresInReply: failuresInReply, serverWait: serverWait)
    }

    // MARK: Names

    /// The queue's URL from a name, URL or ARN.
    func url(_ queue: String) async throws(CloudError) -> String {
        if queue.hasPrefix("https://") || queue.hasPrefix("http://") { return queue }
        if let cached = urls.withLock({ $0[queue] }) { return cached }
        var body: [String: JSONValue]
        if queue.hasPrefix("arn:") {
            let parts = queue.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 6, parts[2] == "sqs" else { throw .invalidArgument("'\(queue)' is not an SQS queue ARN") }
            body = ["QueueName": .string(String(parts[5])), "QueueOwnerAWSAccountId": .string(String(parts[4]))]
        } else {
            try MessageLimits.validateName(queue, fifo: queue.hasSuffix(".fifo"), "queue")
            body = ["QueueName": .string(queue)]
        }
        let reply = try await call("GetQueueUrl", body)
        guard let url = reply["QueueUrl"]?.stringValue else { throw .internal("GetQueueUrl returned no QueueUrl") }
        urls.withLock { $0[queue] = url }
        return url
    }

    /// The queue's ARN (for dead-letter policies and subscriptions).
    public func arn(_ queue: String) async throws(CloudError) -> String {
        if queue.hasPrefix("arn:") { return queue }
        let attributes = try await self.attributes(queue, ["QueueArn"])
        guard let arn = attributes["QueueArn"] else { throw .internal("GetQueueAttributes returned no QueueArn") }
        return arn
    }

    func attributes(_ queue: String, _ names: [String]) async throws(CloudError) -> [String: String] {
        let reply = try await call("GetQueueAttributes", ["QueueUrl": .string(try await url(queue)), "AttributeNames": .array(names.map { .string($0) })])
        return (reply["Attributes"]?.objectValue ?? [:]).compactMapValues { $0.stringValue }
    }

    func setAttributes(_ queue: String, _ attributes: [String: String]) async throws(CloudError) {
        _ = try await call("SetQueueAttributes", [
            "QueueUrl": .string(try await url(queue)), "Attributes": .object(attributes.mapValues { .string($0) }),
        ])
    }

    func forget(_ queue: String) {
        urls.withLock { cache in cache = cache.filter { $0.key != queue && $0.value != queue } }
    }

    // MARK: Queues

    public func createQueue(_ spec: QueueSpec) async throws(CloudError) -> String {
        try QueueValidation.validate(spec)
        var attributes: [String: JSONValue] = [:]
        if let visibility = spec.visibilityTimeout { attributes["VisibilityTimeout"] = .string(String(visibility)) }
        if let retention = spec.retentionSeconds { attributes["MessageRetentionPeriod"] = .string(String(retention)) }
        if let delay = spec.delaySeconds { attributes["DelaySeconds"] = .string(String(delay)) }
        if spec.fifo {
            attributes["FifoQueue"] = .string("true")
            if spec.contentBasedDeduplication { attributes["ContentBasedDeduplication"] = .string("true") }
        }
        if let deadLetter = spec.deadLetter {
            let target = try await arn(deadLetter.queue)
            let policy = JSONValue.object(["deadLetterTargetArn": .string(target), "maxReceiveCount": .number(String(deadLetter.maxReceiveCount))])
            attributes["RedrivePolicy"] = .string(policy.text)
        }
        var body: [String: JSONValue] = ["QueueName": .string(spec.name)]
        if !attributes.isEmpty { body["Attributes"] = .object(attributes) }
        let reply = try await call("CreateQueue", body)
        guard let url = reply["QueueUrl"]?.stringValue else { throw .internal("CreateQueue returned no QueueUrl") }
        urls.withLock { $0[spec.name] = url }
        return url
    }

    public func deleteQueue(_ queue: String) async throws(CloudError) {
        let url = try await url(queue)
        _ = try await call("DeleteQueue", ["QueueUrl": .string(url)])
        forget(queue)
        forget(url)
    }

    public func purge(_ queue: String) async throws(CloudError) {
        _ = try await call("PurgeQueue", ["QueueUrl": .string(try await url(queue))])
    }

    public func counts(_ queue: String) async throws(CloudError) -> QueueCounts {
        let values = try await attributes(queue, [
            "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible", "ApproximateNumberOfMessagesDelayed",
        ])
        return QueueCounts(
            visible: Int(values["ApproximateNumberOfMessages"] ?? "") ?? 0,
            inFlight: Int(values["ApproximateNumberOfMessagesNotVisible"] ?? "") ?? 0,
            delayed: Int(values["ApproximateNumberOfMessagesDelayed"] ?? "") ?? 0)
    }
}
