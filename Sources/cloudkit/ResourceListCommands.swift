import ArgumentParser
import CloudKit

/// What the four resource listings share: a prefix, a page size, and one
/// name per line (with `--json`, one object per line: name, id, created).
struct ResourceListOptions: ParsableArguments {
    @Option(help: "Only names that start with this.") var prefix: String?
    @Option(name: .customLong("page-size"), help: "Names per request (1 to 1000; default: the provider's).") var pageSize: Int?

    /// Prints every item of `listing`.
    func print(_ listing: Paginated<ResourceSummary>, json: Bool) async throws {
        for try await item in listing {
            if json {
                var row: [String: Any] = ["name": item.name]
                if let id = item.identifier { row["id"] = id }
                if let created = Terminal.iso8601(item.created) { row["created"] = created }
                try Terminal.printJSON(row)
            } else {
                Swift.print(item.name)
            }
        }
    }

    var size: Int {
        get throws {
            guard let pageSize else { return 0 }
            guard (1...1000).contains(pageSize) else { throw ValidationError("--page-size must be 1 to 1000") }
            return pageSize
        }
    }
}

/// `cloudkit storage list-buckets`.
struct ListBucketsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list-buckets", abstract: "List the buckets, one name per line.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var list: ResourceListOptions

    func run() async throws {
        try await list.print(global.load().storage.allBuckets(prefix: list.prefix, pageSize: list.size), json: global.json)
    }
}

/// `cloudkit kv list-tables`.
struct ListTablesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list-tables", abstract: "List the tables, one name per line.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var list: ResourceListOptions

    func run() async throws {
        try await list.print(global.load().kv.allTables(prefix: list.prefix, pageSize: list.size), json: global.json)
    }
}

/// `cloudkit queue list`.
struct ListQueuesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the queues, one name per line (--json adds the URL).")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var list: ResourceListOptions

    func run() async throws {
        try await list.print(global.load().queues.allQueues(prefix: list.prefix, pageSize: list.size), json: global.json)
    }
}

/// `cloudkit pubsub list-topics`.
struct ListTopicsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list-topics", abstract: "List the topics, one name per line (--json adds the ARN).")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var list: ResourceListOptions

    func run() async throws {
        try await list.print(global.load().pubsub.allTopics(prefix: list.prefix, pageSize: list.size), json: global.json)
    }
}
