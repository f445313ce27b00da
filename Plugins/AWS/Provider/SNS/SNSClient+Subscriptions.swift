import CloudKitModel
import Foundation

extension SNSClient {
    public func subscribe(_ request: SubscribeRequest) async throws(CloudError) -> String {
        let topicARN = try await arn(request.topic)
        if let policy = request.filterPolicyJSON {
            guard case .object = try JSONValue.parse(policy, what: "filter policy") else {
                throw .invalidArgument("a filter policy must be a JSON object")
            }
        }
        let queueARN = try await sqs.arn(request.queue)
        try await SQSQueuePolicy.allow(topic: topicARN, queue: request.queue, queueARN: queueARN, sqs: sqs)
        var attributes = [("RawMessageDelivery", request.rawDelivery ? "true" : "false")]
        if let policy = request.filterPolicyJSON { attributes.append(("FilterPolicy", policy)) }
        do throws(CloudError) {
            let result = try await service.call("Subscribe", [
                ("TopicArn", topicARN), ("Protocol", "sqs"), ("Endpoint", queueARN), ("ReturnSubscriptionArn", "true"),
            ] + SNSParameters.map("Attributes", attributes))
            guard let arn = result.text("SubscriptionArn") else { throw .internal("Subscribe returned no SubscriptionArn") }
            return arn
        } catch where error.kind == .invalidArgument && error.message.lowercased().contains("already exists") {
            // SNS refuses a second subscription of the queue with other
            // attributes; cloudkit updates the existing one instead.
            guard let existing = try await subscriptions(of: topicARN).first(where: { $0.endpoint == queueARN }) else { throw error }
            for (name, value) in attributes {
                _ = try await service.call("SetSubscriptionAttributes", [("SubscriptionArn", existing.id), ("AttributeName", name), ("AttributeValue", value)])
            }
            if request.filterPolicyJSON == nil && existing.filterPolicyJSON != nil {
                _ = try await service.call("SetSubscriptionAttributes", [("SubscriptionArn", existing.id), ("AttributeName", "FilterPolicy"), ("AttributeValue", "{}")])
            }
            return existing.id
        }
    }

    public func unsubscribe(_ subscription: String) async throws(CloudError) {
        guard subscription.hasPrefix("arn:") else { throw .invalidArgument("a subscription is named by its ARN") }
        _ = try await service.call("Unsubscribe", [("SubscriptionArn", subscription)])
    }

    public func listSubscriptions(topic: String, pageToken: String?) async throws(CloudError) -> SubscriptionPage {
        let topicARN = try await arn(topic)
        var parameters = [("TopicArn", topicARN)]
        if let pageToken { parameters.append(("NextToken", pageToken)) }
        let result = try await service.call("ListSubscriptionsByTopic", parameters)
        var subscriptions: [Subscription] = []
        for member in result.child("Subscriptions")?.all("member") ?? [] {
            guard let id = member.text("SubscriptionArn"), id.hasPrefix("arn:") else { continue }
            subscriptions.append(try await describe(id, topic: member.text("TopicArn") ?? topicARN, protocol: member.text("Protocol") ?? "",
                                                    endpoint: member.text("Endpoint") ?? ""))
        }
        let next = result.text("NextToken").flatMap { $0.isEmpty ? nil : $0 }
        return SubscriptionPage(subscriptions: subscriptions, nextPageToken: next)
    }

    /// Every subscription of a topic (all pages); a repeated page token fails it (`RepeatedPageToken`).
    func subscriptions(of topicARN: String) async throws(CloudError) -> [Subscription] {
        var all: [Subscription] = []
        var token: String?
        var tokens = PageTokenGuard("SNS ListSubscriptionsByTopic")
        repeat {
            let page = try await listSubscriptions(topic: topicARN, pageToken: token)
            all += page.subscriptions
            token = page.nextPageToken
            if let token { try tokens.accept(token) }
        } while token != nil
        return all
    }

    /// A subscription with its raw-delivery flag and filter policy.
    func describe(_ id: String, topic: String, protocol: String, endpoint: String) async throws(CloudError) -> Subscription {
        let result = try await service.call("GetSubscriptionAttributes", [("SubscriptionArn", id)])
        var attributes: [String: String] = [:]
        for entry in result.child("Attributes")?.all("entry") ?? [] {
            if let key = entry.text("key") { attributes[key] = entry.text("value") ?? "" }
        }
        let filter = attributes["FilterPolicy"].flatMap { $0.isEmpty || $0 == "{}" ? nil : $0 }
        return Subscription(
            id: id, topic: topic, protocol: `protocol`, endpoint: endpoint, rawDelivery: attributes["RawMessageDelivery"] == "true",
            filterPolicyJSON: filter)
    }
}
