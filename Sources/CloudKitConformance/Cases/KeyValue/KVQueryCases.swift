import CloudKit

/// Queries and scans: sort-key conditions, order, direction and pages.
enum KVQueryCases {
    static let all = [queryStringSortKey, queryNumberSortKey, paging]

    static let queryStringSortKey = ConformanceCase(
        .kv, "query-string-sort", "a query on a string sort key honours every operator, ascending and descending, within one partition",
        needs: .on(.kv, "create_table", "put_item", "query")
    ) { context in
        let kv = context.cloud.kv
        let table = try await context.table("qs")
        let sorts = ["a", "ab", "abc", "b", "ba", "c"]
        for sort in sorts.shuffled() {
            try await kv.putItem(PutItemRequest(table: table, item: ["pk": .string("p"), "sk": .string(sort)]))
        }
        try await kv.putItem(PutItemRequest(table: table, item: ["pk": .string("other"), "sk": .string("a")]))
        let expected: [(SortKeyCondition, Bool, [String])] = [
            (.any, false, sorts), (.any, true, sorts.reversed()), (.equal(.string("ab")), false, ["ab"]),
            (.less(.string("b")), false, ["a", "ab", "abc"]), (.lessOrEqual(.string("b")), false, ["a", "ab", "abc", "b"]),
            (.greater(.string("b")), false, ["ba", "c"]), (.greaterOrEqual(.string("b")), false, ["b", "ba", "c"]),
            (.between(.string("ab"), .string("b")), false, ["ab", "abc", "b"]), (.beginsWith(.string("ab")), false, ["ab", "abc"]),
            (.beginsWith(.string("a")), true, ["abc", "ab", "a"]),
        ]
        for (condition, descending, sorted) in expected {
            let page = try await kv.query(QueryRequest(table: table, partition: .string("p"), sort: condition, descending: descending, consistent: true))
            try expectEqual(KVCases.strings(page.items, "sk"), sorted, "sort keys of a query \(condition)\(descending ? " descending" : "")")
        }
    }

    static let queryNumberSortKey = ConformanceCase(
        .kv, "query-number-sort", "a query on a number sort key orders by value, not by text; a string operand is invalid argument",
        needs: .on(.kv, "create_table", "put_item", "query")
    ) { context in
        let kv = context.cloud.kv
        let table = try await context.table("qn", sortType: .number)
        let values = ["-10", "-2.5", "0", "3", "10", "100"]
        for value in values.shuffled() {
            try await kv.putItem(PutItemRequest(table: table, item: ["pk": .string("p"), "sk": try KVCases.number(value)]))
        }
        let all = try await kv.query(QueryRequest(table: table, partition: .string("p"), consistent: true))
        try expectEqual(all.items.map { $0["sk"] }, try values.map { try KVCases.number($0) }, "sort keys in ascending order")
        let between = try await kv.query(QueryRequest(
            table: table, partition: .string("p"), sort: .between(try KVCases.number("-3"), try KVCases.number("10")), descending: true))
        try expectEqual(between.items.map { $0["sk"] }, try ["10", "3", "0", "-2.5"].map { try KVCases.number($0) }, "sort keys between -3 and 10, descending")
        try await expectError(.invalidArgument, "query with a string operand on a number sort key") {
            try await kv.query(QueryRequest(table: table, partition: .string("p"), sort: .less(.string("x"))))
        }
    }

    static let paging = ConformanceCase(
        .kv, "paging", "query and scan pages of a limit visit every item exactly once, in order; a forged page token is invalid argument",
        needs: .on(.kv, "create_table", "put_item", "query", "scan")
    ) { context in
        let kv = context.cloud.kv
        let table = try await context.table("page")
        let sorts = (0..<5).map { "item-\($0)" }
        for sort in sorts { try await kv.putItem(PutItemRequest(table: table, item: ["pk": .string("p"), "sk": .string(sort)])) }
        for sort in ["x", "y"] { try await kv.putItem(PutItemRequest(table: table, item: ["pk": .string("q"), "sk": .string(sort)])) }
        let (items, pages) = try await allPages(kv, QueryRequest(table: table, partition: .string("p"), limit: 2, consistent: true))
        try expectEqual(KVCases.strings(items, "sk"), sorts, "sort keys over every page of 2")
        try expect(pages >= 3, "5 items came in \(pages) page(s) of at most 2")
        let (descending, _) = try await allPages(kv, QueryRequest(table: table, partition: .string("p"), limit: 2, descending: true))
        try expectEqual(KVCases.strings(descending, "sk"), sorts.reversed(), "sort keys over every descending page of 2")
        var scanned: [KVItem] = []
        var token: String?
        var rounds = 0
        repeat {
            let page = try await kv.scan(ScanRequest(table: table, limit: 3, pageToken: token))
            try expect(page.items.count <= 3, "a scan page of at most 3 held \(page.items.count)")
            scanned += page.items
            token = page.nextPageToken
            rounds += 1
        } while token != nil && rounds < 20
        try expectEqual(scanned.count, 7, "items over every scan page")
        try expectEqual(Set(scanned).count, 7, "distinct items over every scan page")
        try await expectError(.invalidArgument, "scan with a forged page token") { try await kv.scan(ScanRequest(table: table, limit: 3, pageToken: "garbage!")) }
    }

    /// Every page of a query, following tokens (at most 100 pages).
    private static func allPages(_ kv: any KeyValueStore, _ request: QueryRequest) async throws -> (items: [KVItem], pages: Int) {
        var request = request
        var items: [KVItem] = []
        var pages = 0
        repeat {
            let page = try await kv.query(request)
            items += page.items
            pages += 1
            request.pageToken = page.nextPageToken
        } while request.pageToken != nil && pages < 100
        return (items, pages)
    }
}
