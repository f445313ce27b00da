import ArgumentParser
import CloudKit

/// `cloudkit queue …`: message queue commands. A queue is named by name, URL or ARN.
struct QueueCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "queue", abstract: "Message queues: send, receive, acknowledge.",
        subcommands: [
            QueueCreateCommand.self, QueueDeleteCommand.self, QueueSendCommand.self, QueueReceiveCommand.self, QueueAckCommand.self,
            QueueVisibilityCommand.self, QueuePurgeCommand.self, QueueCountsCommand.self, ListQueuesCommand.self,
        ])
}

struct QueueCreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "create", abstract: "Create a queue and print its URL.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Queue name (FIFO names end in .fifo).") var queue: String
    @Flag(help: "A FIFO queue.") var fifo = false
    @Flag(name: .customLong("content-dedup"), help: "FIFO: deduplicate by the body's SHA-256.") var contentDeduplication = false
    @Option(name: .customLong("dead-letter"), help: "Dead-letter queue (name, URL or ARN).") var deadLetter: String?
    @Option(name: .customLong("max-receives"), help: "Receives before a message moves to the dead-letter queue.") var maxReceives: Int?
    @Option(help: "Default visibility timeout in seconds.") var visibility: Int?
    @Option(help: "Message retention in seconds.") var retention: Int?
    @Option(help: "Default delivery delay in seconds.") var delay: Int?

    func run() async throws {
        guard (deadLetter == nil) == (maxReceives == nil) else { throw ValidationError("--dead-letter and --max-receives go together") }
        let spec = QueueSpec(
            name: queue, fifo: fifo, contentBasedDeduplication: contentDeduplication, visibilityTimeout: visibility,
            retentionSeconds: retention, delaySeconds: delay,
            deadLetter: deadLetter.map { DeadLetterPolicy(queue: $0, maxReceiveCount: maxReceives ?? 0) })
        print(try await global.load().queues.createQueue(spec))
    }
}

struct QueueDeleteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "delete", abstract: "Delete a queue and its messages.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Queue name, URL or ARN.") var queue: String

    func run() async throws {
        try await global.load().queues.deleteQueue(queue)
    }
}

struct QueueSendCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "send", abstract: "Send a message; print its id (and sequence number on FIFO queues).")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Queue name, URL or ARN.") var queue: String
    @Argument(help: "The message body, or - for standard input.") var body: String
    @Option(name: .customLong("attr"), help: ArgumentHelp("An attribute: NAME=VALUE, NAME:Number=VALUE or NAME:Binary=BASE64 (repeatable).", valueName: "NAME=VALUE"))
    var attributes: [String] = []
    @Option(help: "FIFO message group id.") var group: String?
    @Option(help: "FIFO deduplication id.") var dedup: String?
    @Option(help: "Delivery delay in seconds.") var delay: Int?

    func run() async throws {
        let request = SendMessageRequest(
            queue: queue, body: try MessageCLIValues.text(body), attributes: try MessageCLIValues.attributes(attributes),
            delaySeconds: delay, groupID: group, deduplicationID: dedup)
        MessageCLIValues.print(try await global.load().queues.send(request))
    }
}

struct QueueReceiveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "receive", abstract: "Receive messages; print one JSON object per message (id, body, receipt handle, receive count, attributes).")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Queue name, URL or ARN.") var queue: String
    @Option(help: "Most messages to receive (1-10).") var max = 1
    @Option(help: "Seconds to wait for a first message (0-20).") var wait = 0
    @Option(help: "Visibility timeout for these messages, in seconds.") var visibility: Int?

    func run() async throws {
        let messages = try await global.load().queues.receive(ReceiveRequest(queue: queue, maxMessages: max, waitSeconds: wait, visibilityTimeout: visibility))
        for message in messages { print(MessageCLIValues.json(message).text) }
    }
}

struct QueueAckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ack", abstract: "Acknowledge (delete) a received message.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Queue name, URL or ARN.") var queue: String
    @Argument(help: "The message's receipt handle.") var receipt: String

    func run() async throws {
        try await global.load().queues.acknowledge(queue: queue, receiptHandle: receipt)
    }
}

struct QueueVisibilityCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "visibility", abstract: "Change a received message's visibility timeout (0: release now).")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Queue name, URL or ARN.") var queue: String
    @Argument(help: "The message's receipt handle.") var receipt: String
    @Argument(help: "Seconds until the message is visible again.") var seconds: Int

    func run() async throws {
        try await global.load().queues.changeVisibility(queue: queue, receiptHandle: receipt, seconds: seconds)
    }
}

struct QueuePurgeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "purge", abstract: "Delete every message of a queue.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Queue name, URL or ARN.") var queue: String

    func run() async throws {
        try await global.load().queues.purge(queue)
    }
}

struct QueueCountsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "counts", abstract: "Print approximate message counts as JSON.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Queue name, URL or ARN.") var queue: String

    func run() async throws {
        let counts = try await global.load().queues.counts(queue)
        print(JSONValue.object([
            "visible": .number(String(counts.visible)), "inFlight": .number(String(counts.inFlight)), "delayed": .number(String(counts.delayed)),
        ]).text)
    }
}
