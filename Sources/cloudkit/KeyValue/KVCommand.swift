import ArgumentParser
import CloudKit

/// `cloudkit kv …`: key-value table commands. Items are JSON in the
/// documented form (see `KVJSON`), printed one per line.
struct KVCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kv", abstract: "Key-value tables: items with a partition key and an optional sort key.",
        discussion: """
            Items are JSON objects. Numbers keep their exact digits (up to 38); binary is {"$b64": "..."}; \
            sets are {"$ss": [...]}, {"$ns": [...]}, {"$bs": [...]}.
            """,
        subcommands: [
            KVCreateTableCommand.self, KVDeleteTableCommand.self, KVPutCommand.self, KVGetCommand.self, KVDeleteCommand.self,
            KVUpdateCommand.self, KVQueryCommand.self, KVScanCommand.self, ListTablesCommand.self,
        ])
}

/// Write conditions shared by put, delete and update.
struct KVConditionOptions: ParsableArguments {
    @Flag(help: "Only if no item has this key.") var ifAbsent = false
    @Flag(help: "Only if an item has this key.") var ifExists = false
    @Option(help: ArgumentHelp("Only if attribute NAME equals the JSON VALUE.", valueName: "NAME=VALUE")) var ifEquals: String?

    func condition() throws -> KVCondition? {
        let chosen = [ifAbsent, ifExists, ifEquals != nil].filter { $0 }.count
        guard chosen <= 1 else { throw ValidationError("give at most one of --if-absent, --if-exists, --if-equals") }
        if ifAbsent { return .ifAbsent }
        if ifExists { return .ifExists }
        guard let ifEquals else { return nil }
        guard let equals = ifEquals.firstIndex(of: "="), equals != ifEquals.startIndex else {
            throw ValidationError("--if-equals takes NAME=VALUE, not '\(ifEquals)'")
        }
        return .ifEquals(attribute: String(ifEquals[..<equals]),
                         value: try KVCLIValues.value(String(ifEquals[ifEquals.index(after: equals)...]), "--if-equals"))
    }
}

/// Reading the CLI's JSON arguments and printing items.
enum KVCLIValues {
    /// A JSON value; a bare word that is not JSON is taken as a string (`--partition alice`).
    static func value(_ text: String, _ what: String) throws -> AttributeValue {
        if let parsed = try? JSONValue.parse(text, what: what) { return try KVJSON.value(parsed, path: what) }
        return .string(text)
    }

    static func item(_ text: String, _ what: String) throws -> KVItem {
        try KVJSON.item(text, what: what)
    }

    /// `NAME` or `NAME:TYPE` (S, N, B).
    static func keyAttribute(_ text: String, _ option: String) throws -> KeyAttribute {
        let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
        guard let name = parts.first, !name.isEmpty else { throw ValidationError("\(option) takes NAME or NAME:TYPE") }
        return KeyAttribute(name, parts.count == 2 ? try KeyType(parsing: parts[1]) : .string)
    }

    static func print(_ item: KVItem) {
        Swift.print(KVJSON.text(item))
    }
}

struct KVCreateTableCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "create-table", abstract: "Create a table.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Table name.") var table: String
    @Option(help: ArgumentHelp("Partition key name, optionally with its type S, N or B (default S).", valueName: "NAME[:TYPE]"))
    var partitionKey: String
    @Option(help: ArgumentHelp("Sort key name, optionally with its type S, N or B (default S).", valueName: "NAME[:TYPE]"))
    var sortKey: String?

    func run() async throws {
        let spec = TableSpec(
            table: table, partitionKey: try KVCLIValues.keyAttribute(partitionKey, "--partition-key"),
            sortKey: try sortKey.map { try KVCLIValues.keyAttribute($0, "--sort-key") })
        try await global.load().kv.createTable(spec)
    }
}

struct KVDeleteTableCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "delete-table", abstract: "Delete a table and all its items.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Table name.") var table: String

    func run() async throws {
        try await global.load().kv.deleteTable(table)
    }
}

struct KVPutCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "put", abstract: "Write a whole item (replacing any item with its key).")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Table name.") var table: String
    @Argument(help: "The item as JSON.") var item: String
    @OptionGroup var conditions: KVConditionOptions

    func run() async throws {
        let request = PutItemRequest(table: table, item: try KVCLIValues.item(item, "item"), condition: try conditions.condition())
        try await global.load().kv.putItem(request)
    }
}

struct KVGetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "get", abstract: "Print one item (exit status 3 when absent).")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Table name.") var table: String
    @Argument(help: "The key as JSON.") var key: String
    @Flag(help: "Strongly consistent read.") var consistent = false

    func run() async throws {
        let request = GetItemRequest(table: table, key: try KVCLIValues.item(key, "key"), consistent: consistent)
        guard let item = try await global.load().kv.getItem(request) else {
            throw CloudError(.notFound, "no item in '\(table)' has that key")
        }
        KVCLIValues.print(item)
    }
}

struct KVDeleteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "delete", abstract: "Delete one item (deleting an absent item succeeds).")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Table name.") var table: String
    @Argument(help: "The key as JSON.") var key: String
    @OptionGroup var conditions: KVConditionOptions

    func run() async throws {
        let request = DeleteItemRequest(table: table, key: try KVCLIValues.item(key, "key"), condition: try conditions.condition())
        try await global.load().kv.deleteItem(request)
    }
}

struct KVUpdateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "update", abstract: "Set, remove and add to attributes of one item (created when absent); prints the item.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Table name.") var table: String
    @Argument(help: "The key as JSON.") var key: String
    @Option(help: "A JSON object of attributes to set.") var set: String?
    @Option(help: "An attribute to remove (repeatable).") var remove: [String] = []
    @Option(help: "A JSON object of numbers to add atomically (a missing attribute counts as 0).") var add: String?
    @OptionGroup var conditions: KVConditionOptions

    func run() async throws {
        var additions: [String: KVNumber] = [:]
        let addItem: KVItem = try add.map { try KVCLIValues.item($0, "--add") } ?? [:]
        for (name, value) in addItem {
            guard case .number(let number) = value else { throw ValidationError("--add: '\(name)' must be a number") }
            additions[name] = number
        }
        let request = UpdateItemRequest(
            table: table, key: try KVCLIValues.item(key, "key"), set: try set.map { try KVCLIValues.item($0, "--set") } ?? [:],
            remove: remove, add: additions, condition: try conditions.condition())
        guard request.set.count + request.remove.count + request.add.count > 0 else {
            throw ValidationError("give at least one of --set, --remove, --add")
        }
        KVCLIValues.print(try await global.load().kv.updateItem(request))
    }
}
