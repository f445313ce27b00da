import CloudKit

/// Batches and transactions.
enum KVBatchCases {
    static let all = [batches, transaction]

    static let batches = ConformanceCase(
        .kv, "batches", "batch put and get of any size keep key order and skip missing keys; the same key twice is invalid argument",
        needs: .on(.kv, "create_table", "batch_put", "batch_get")
    ) { context in
        let kv = context.cloud.kv
        let table = try await context.table("batch", sortType: .number)
        let items: [KVItem] = try (0..<60).map {
            ["pk": .string("b"), "sk": try KVCases.number(String($0)), "payload": .string(String(repeating: "x", count: 100))]
        }
        try await kv.batchPut(table: table, items: items)
        var keys: [KVItem] = try (0..<150).reversed().map { ["pk": .string("b"), "sk": try KVCases.number(String($0))] }
        keys.swapAt(0, 100)
        let got = try await kv.batchGet(table: table, keys: keys)
        let expectedOrder = keys.filter { key in items.contains { $0["sk"] == key["sk"] } }
        try expectEqual(got.count, 60, "items found of 150 keys, 60 stored")
        try expectEqual(got.map { $0["sk"] }, expectedOrder.map { $0["sk"] }, "order of the items found")
        try await expectError(.invalidArgument, "batch put of the same item twice") { try await kv.batchPut(table: table, items: [items[0], items[0]]) }
    }

    static let transaction = ConformanceCase(
        .kv, "transaction", "a transaction writes all or nothing; a failed condition is precondition failed naming the step",
        needs: .on(.kv, "create_table", "put_item", "get_item", "transact")
    ) { context in
        let kv = context.cloud.kv
        let table = try await context.table("tx")
        let a: KVItem = ["pk": .string("t"), "sk": .string("a")]
        let b: KVItem = ["pk": .string("t"), "sk": .string("b")]
        let c: KVItem = ["pk": .string("t"), "sk": .string("c")]
        func stored(_ key: KVItem) async throws -> KVItem? { try await kv.getItem(GetItemRequest(table: table, key: key, consistent: true)) }
        try await kv.putItem(PutItemRequest(table: table, item: a.merging(["balance": try KVCases.number("10")]) { $1 }))
        try await kv.transact([
            .put(table: table, item: b.merging(["balance": try KVCases.number("5")]) { $1 }, condition: .ifAbsent),
            .check(table: table, key: a, condition: .ifEquals(attribute: "balance", value: try KVCases.number("10"))),
        ])
        try expect(try await stored(b) != nil, "a transaction whose conditions held did not write")
        let cancelled = try await expectError(.preconditionFailed, "a transaction whose third step's condition fails") {
            try await kv.transact([
                .put(table: table, item: c, condition: nil), .delete(table: table, key: a, condition: nil),
                .check(table: table, key: b, condition: .ifEquals(attribute: "balance", value: try KVCases.number("999"))),
            ])
        }
        let details = try JSONValue.parse(try require(cancelled.detailsJSON, "details of the cancelled transaction"))
        try expectEqual(details["index"], .number("2"), "index of the failing step in the details")
        try expectEqual(try await stored(c), nil, "item c after the cancelled transaction")
        try expect(try await stored(a) != nil, "a cancelled transaction deleted item a")
    }
}
