import ArgumentParser
import CloudKit

/// `cloudkit pubsub …`: topics, publishing and queue subscriptions.
struct PubSubCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pubsub", abstract: "Publish/subscribe: topics that fan out to queues.",
        subcommands: [
            TopicCreateCommand.self, TopicDeleteCommand.self, PublishCommand.self, SubscribeCommand.self, UnsubscribeCommand.self,
            SubscriptionsCommand.self, ListTopicsCommand.self,
        ])
}

struct TopicCreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "create-topic", abstract: "Create a topic and print its ARN.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Topic name (FIFO names end in .fifo).") var topic: String
    @Flag(help: "A FIFO topic.") var fifo = false
    @Flag(name: .customLong("content-dedup"), help: "FIFO: deduplicate by the message's SHA-256.") var contentDeduplication = false

    func run() async throws {
        print(try await global.load().pubsub.createTopic(TopicSpec(name: topic, fifo: fifo, contentBasedDeduplication: contentDeduplication)))
    }
}

struct TopicDeleteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "delete-topic", abstract: "Delete a topic and its subscriptions.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Topic name or ARN.") var topic: String

    func run() async throws {
        try await global.load().pubsub.deleteTopic(topic)
    }
}

struct PublishCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "publish", abstract: "Publish a message; print its id.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Topic name or ARN.") var topic: String
    @Argument(help: "The message, or - for standard input.") var message: String
    @Option(help: "Subject (envelope deliveries carry it).") var subject: String?
    @Option(name: .customLong("attr"), help: ArgumentHelp("An attribute: NAME=VALUE, NAME:Number=VALUE or NAME:Binary=BASE64 (repeatable).", valueName: "NAME=VALUE"))
    var attributes: [String] = []
    @Option(help: "FIFO message group id.") var group: String?
    @Option(help: "FIFO deduplication id.") var dedup: String?

    func run() async throws {
        let request = PublishRequest(
            topic: topic, message: try MessageCLIValues.text(message), subject: subject,
            attributes: try MessageCLIValues.attributes(attributes), groupID: group, deduplicationID: dedup)
        MessageCLIValues.print(try await global.load().pubsub.publish(request))
    }
}

struct SubscribeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "subscribe", abstract: "Subscribe a queue to a topic; print the subscription ARN.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Topic name or ARN.") var topic: String
    @Option(help: "The queue (name, URL or ARN).") var queue: String
    @Flag(help: "Deliver the message as sent, not in the SNS JSON envelope.") var raw = false
    @Option(help: "An attribute filter policy (JSON object).") var filter: String?

    func run() async throws {
        print(try await global.load().pubsub.subscribe(SubscribeRequest(topic: topic, queue: queue, rawDelivery: raw, filterPolicyJSON: filter)))
    }
}

struct UnsubscribeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "unsubscribe", abstract: "Remove a subscription.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The subscription ARN.") var subscription: String

    func run() async throws {
        try await global.load().pubsub.unsubscribe(subscription)
    }
}

struct SubscriptionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "subscriptions", abstract: "Print a topic's subscriptions, one JSON object per line.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Topic name or ARN.") var topic: String

    func run() async throws {
        let cloud = try await global.load()
        var token: String?
        repeat {
            let page = try await cloud.pubsub.listSubscriptions(topic: topic, pageToken: token)
            for subscription in page.subscriptions {
                var object: [String: JSONValue] = [
                    "id": .string(subscription.id), "topic": .string(subscription.topic), "protocol": .string(subscription.protocol),
                    "endpoint": .string(subscription.endpoint), "raw": .bool(subscription.rawDelivery),
                ]
                if let filter = subscription.filterPolicyJSON { object["filterPolicy"] = (try? JSONValue.parse(filter)) ?? .string(filter) }
                print(JSONValue.object(object).text)
            }
            token = page.nextPageToken
        } while token != nil
    }
}
