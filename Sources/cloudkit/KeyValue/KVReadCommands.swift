import ArgumentParser
import CloudKit

/// Prints pages of items until `limit` items are out or no page is left;
/// when it stops early with more to read, the next page token goes to stderr.
enum KVPager {
    static func run(limit: Int?, pageToken: String?, _ fetch: (Int?, String?) async throws -> ItemPage) async throws {
        if let limit, limit <= 0 { throw ValidationError("--limit must be positive") }
        var token = pageToken
        var printed = 0
        repeat {
            let remaining = limit.map { $0 - printed }
            let page = try await fetch(remaining.map { min($0, KVLimits.pageLimit) }, token)
            for item in page.items.prefix(remaining ?? Int.max) { KVCLIValues.print(item) }
            printed += min(page.items.count, remaining ?? Int.max)
            token = page.nextPageToken
        } while token != nil && printed < (limit ?? Int.max)
        if let token { Terminal.error("next page token: \(token)") }
    }
}

struct KVQueryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "query", abstract: "Print the items of one partition in sort-key order, one JSON object per line.",
        discussion: "VALUE arguments are JSON values; a bare word that is not JSON is a string (--partition alice).")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Table name.") var table: String
    @Option(help: ArgumentHelp("The partition key's value.", valueName: "VALUE")) var partition: String
    @Option(name: .customLong("sort-eq"), help: ArgumentHelp("Sort key = VALUE.", valueName: "VALUE")) var sortEqual: String?
    @Option(name: .customLong("sort-lt"), help: ArgumentHelp("Sort key < VALUE.", valueName: "VALUE")) var sortLess: String?
    @Option(name: .customLong("sort-le"), help: ArgumentHelp("Sort key <= VALUE.", valueName: "VALUE")) var sortLessOrEqual: String?
    @Option(name: .customLong("sort-gt"), help: ArgumentHelp("Sort key > VALUE.", valueName: "VALUE")) var sortGreater: String?
    @Option(name: .customLong("sort-ge"), help: ArgumentHelp("Sort key >= VALUE.", valueName: "VALUE")) var sortGreaterOrEqual: String?
    @Option(name: .customLong("sort-between"), parsing: .upToNextOption, help: ArgumentHelp("LOW <= sort key <= HIGH.", valueName: "LOW HIGH"))
    var sortBetween: [String] = []
    @Option(name: .customLong("sort-begins-with"), help: ArgumentHelp("Sort key starts with the string S.", valueName: "S"))
    var sortBeginsWith: String?
    @Option(help: "Print at most N items.") var limit: Int?
    @Flag(name: .customLong("desc"), help: "Descending sort-key order.") var descending = false
    @Flag(help: "Strongly consistent read.") var consistent = false
    @Option(help: "Continue from a page token printed by an earlier run.") var pageToken: String?

    func sortCondition() throws -> SortKeyCondition {
        var conditions: [SortKeyCondition] = []
        if let sortEqual { conditions.append(.equal(try KVCLIValues.value(sortEqual, "--sort-eq"))) }
        if let sortLess { conditions.append(.less(try KVCLIValues.value(sortLess, "--sort-lt"))) }
        if let sortLessOrEqual { conditions.append(.lessOrEqual(try KVCLIValues.value(sortLessOrEqual, "--sort-le"))) }
        if let sortGreater { conditions.append(.greater(try KVCLIValues.value(sortGreater, "--sort-gt"))) }
        if let sortGreaterOrEqual { conditions.append(.greaterOrEqual(try KVCLIValues.value(sortGreaterOrEqual, "--sort-ge"))) }
        if !sortBetween.isEmpty {
            guard sortBetween.count == 2 else { throw ValidationError("--sort-between takes two values: LOW HIGH") }
            conditions.append(.between(try KVCLIValues.value(sortBetween[0], "--sort-between"), try KVCLIValues.value(sortBetween[1], "--sort-between")))
        }
        if let sortBeginsWith { conditions.append(.beginsWith(.string(sortBeginsWith))) }
        guard conditions.count <= 1 else { throw ValidationError("give at most one sort-key condition") }
        return conditions.first ?? .any
    }

    func run() async throws {
        let partitionValue = try KVCLIValues.value(partition, "--partition")
        let sort = try sortCondition()
        let cloud = try await global.load()
        try await KVPager.run(limit: limit, pageToken: pageToken) { pageLimit, token in
            try await cloud.kv.query(QueryRequest(
                table: table, partition: partitionValue, sort: sort, limit: pageLimit, descending: descending,
                consistent: consistent, pageToken: token))
        }
    }
}

struct KVScanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "scan", abstract: "Print every item of a table, one JSON object per line.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Table name.") var table: String
    @Option(help: "Print at most N items.") var limit: Int?
    @Option(help: "Continue from a page token printed by an earlier run.") var pageToken: String?

    func run() async throws {
        let cloud = try await global.load()
        try await KVPager.run(limit: limit, pageToken: pageToken) { pageLimit, token in
            try await cloud.kv.scan(ScanRequest(table: table, limit: pageLimit, pageToken: token))
        }
    }
}
