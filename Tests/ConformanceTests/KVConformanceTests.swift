import CloudKit
import CloudKitTestSupport
import Foundation
import Testing

/// Behaviour every provider's key-value tables must share, run against each
/// provider in `ProviderFixture.kvProviders` through the C ABI.
@Suite("Key-value conformance")
struct KVConformanceTests {
    func n(_ text: String) throws -> AttributeValue { .number(try KVNumber(text)) }

    /// A fresh client and a table unique to the test (partition `pk`: S, sort `sk` of `sortType`).
    func withTable(
        _ provider: String, _ label: String, sortType: KeyType? = .string, _ body: (Cloud, String) async throws -> Void
    ) async throws {
        let cloud = try await ProviderFixture.open(provider)
        let table = "ck-\(label)-\(UUID().uuidString.prefix(8).lowercased())"
        try await cloud.kv.createTable(TableSpec(table: table, partitionKey: KeyAttribute("pk"), sortKey: sortType.map { KeyAttribute("sk", $0) }))
        try await body(cloud, table)
        try await cloud.kv.deleteTable(table)
        await cloud.close()
    }

    /// Every page of a query, following tokens.
    func allPages(_ cloud: Cloud, _ request: QueryRequest) async throws -> (items: [KVItem], pages: Int) {
        var request = request
        var items: [KVItem] = []
        var pages = 0
        repeat {
            let page = try await cloud.kv.query(request)
            items += page.items
            pages += 1
            request.pageToken = page.nextPageToken
        } while request.pageToken != nil && pages < 100
        return (items, pages)
    }

    @Test("create, duplicate create and delete of a table", arguments: ProviderFixture.kvProviders)
    func tableLifecycle(provider: String) async throws {
        let cloud = try await ProviderFixture.open(provider)
        let table = "ck-life-\(UUID().uuidString.prefix(8).lowercased())"
        let spec = TableSpec(table: table, partitionKey: KeyAttribute("id", .number))
        try await cloud.kv.createTable(spec)
        #expect(await failure { try await cloud.kv.createTable(spec) }?.kind == .alreadyExists)
        try await cloud.kv.putItem(PutItemRequest(table: table, item: ["id": try n("1")]))
        try await cloud.kv.deleteTable(table)
        #expect(await failure { try await cloud.kv.deleteTable(table) }?.kind == .notFound)
        #expect(await failure { _ = try await cloud.kv.getItem(GetItemRequest(table: table, key: ["id": try n("1")])) }?.kind == .notFound)
        #expect(await failure { try await cloud.kv.createTable(TableSpec(table: "x", partitionKey: KeyAttribute("id"))) }?.kind == .invalidArgument)
        await cloud.close()
    }

    @Test("every type round-trips exactly, including a 38-digit number", arguments: ProviderFixture.kvProviders)
    func everyTypeRoundTrips(provider: String) async throws {
        try await withTable(provider, "types") { cloud, table in
            let item = try KVJSON.item(#"""
                {"pk":"p","sk":"s","big":12345678901234567890123456789012345678,"neg":-0.000001,"t":true,"f":false,"nil":null,
                 "list":[1,"two",{"three":3}],"map":{"nested":{"deep":[true]}},"bin":{"$b64":"AAEC/w=="},
                 "ss":{"$ss":["x","y"]},"ns":{"$ns":[1,2.5]},"bs":{"$bs":["AQ=="]},"text":"héllo \n \"quoted\""}
                """#)
            try await cloud.kv.putItem(PutItemRequest(table: table, item: item))
            let got = try await cloud.kv.getItem(GetItemRequest(table: table, key: ["pk": .string("p"), "sk": .string("s")], consistent: true))
            #expect(got == item)
            #expect(try await cloud.kv.getItem(GetItemRequest(table: table, key: ["pk": .string("p"), "sk": .string("other")])) == nil)
        }
    }

    @Test("conditional put: if-absent and if-equals fail without changing the item", arguments: ProviderFixture.kvProviders)
    func conditionalPut(provider: String) async throws {
        try await withTable(provider, "cond") { cloud, table in
            let key: KVItem = ["pk": .string("a"), "sk": .string("1")]
            var first = key
            first["v"] = try n("1")
            try await cloud.kv.putItem(PutItemRequest(table: table, item: first, condition: .ifAbsent))
            var second = key
            second["v"] = try n("2")
            let absent = await failure { try await cloud.kv.putItem(PutItemRequest(table: table, item: second, condition: .ifAbsent)) }
            #expect(absent?.kind == .preconditionFailed)
            let equals = await failure {
                try await cloud.kv.putItem(PutItemRequest(table: table, item: second, condition: .ifEquals(attribute: "v", value: try n("9"))))
            }
            #expect(equals?.kind == .preconditionFailed)
            #expect(try await cloud.kv.getItem(GetItemRequest(table: table, key: key, consistent: true))?["v"] == (try n("1")))
            try await cloud.kv.putItem(PutItemRequest(table: table, item: second, condition: .ifEquals(attribute: "v", value: try n("1.0"))))
            #expect(try await cloud.kv.getItem(GetItemRequest(table: table, key: key, consistent: true))?["v"] == (try n("2")))
            try await cloud.kv.putItem(PutItemRequest(table: table, item: second, condition: .ifExists))
            let missing: KVItem = ["pk": .string("a"), "sk": .string("none")]
            #expect(await failure { try await cloud.kv.putItem(PutItemRequest(table: table, item: missing, condition: .ifExists)) }?.kind == .preconditionFailed)
        }
    }

    @Test("conditional delete, and deleting an absent item succeeds", arguments: ProviderFixture.kvProviders)
    func conditionalDelete(provider: String) async throws {
        try await withTable(provider, "del") { cloud, table in
            let key: KVItem = ["pk": .string("a"), "sk": .string("1")]
            try await cloud.kv.putItem(PutItemRequest(table: table, item: key.merging(["state": .string("open")]) { $1 }))
            let wrong = await failure {
                try await cloud.kv.deleteItem(DeleteItemRequest(table: table, key: key, condition: .ifEquals(attribute: "state", value: .string("closed"))))
            }
            #expect(wrong?.kind == .preconditionFailed)
            #expect(try await cloud.kv.getItem(GetItemRequest(table: table, key: key, consistent: true)) != nil)
            try await cloud.kv.deleteItem(DeleteItemRequest(table: table, key: key, condition: .ifEquals(attribute: "state", value: .string("open"))))
            #expect(try await cloud.kv.getItem(GetItemRequest(table: table, key: key, consistent: true)) == nil)
            try await cloud.kv.deleteItem(DeleteItemRequest(table: table, key: key))
        }
    }

    @Test("update sets, removes and adds atomically, creating the item when absent", arguments: ProviderFixture.kvProviders)
    func update(provider: String) async throws {
        try await withTable(provider, "upd") { cloud, table in
            let key: KVItem = ["pk": .string("u"), "sk": .string("1")]
            let created = try await cloud.kv.updateItem(UpdateItemRequest(table: table, key: key, set: ["name": .string("n")], add: ["count": try KVNumber("5")]))
            #expect(created == key.merging(["name": .string("n"), "count": try n("5")]) { $1 })
            let updated = try await cloud.kv.updateItem(UpdateItemRequest(
                table: table, key: key, set: ["tags": try .stringSet(["a"])], remove: ["name"], add: ["count": try KVNumber("0.5")],
                condition: .ifEquals(attribute: "count", value: try n("5"))))
            #expect(updated == key.merging(["tags": try .stringSet(["a"]), "count": try n("5.5")]) { $1 })
            let refused = await failure {
                _ = try await cloud.kv.updateItem(UpdateItemRequest(table: table, key: key, set: ["x": .null], condition: .ifEquals(attribute: "count", value: try n("5"))))
            }
            #expect(refused?.kind == .preconditionFailed)
            let keyChange = await failure { _ = try await cloud.kv.updateItem(UpdateItemRequest(table: table, key: key, set: ["sk": .string("2")])) }
            #expect(keyChange?.kind == .invalidArgument)
            let big = try await cloud.kv.updateItem(UpdateItemRequest(table: table, key: key, add: ["total": try KVNumber("12345678901234567890123456789012345000")]))
            #expect(big["total"] == (try n("12345678901234567890123456789012345000")))
            let bigger = try await cloud.kv.updateItem(UpdateItemRequest(table: table, key: key, add: ["total": try KVNumber("78")]))
            #expect(bigger["total"] == (try n("12345678901234567890123456789012345078")))
        }
    }

    @Test("query on a string sort key: every operator, order and direction", arguments: ProviderFixture.kvProviders)
    func queryStringSortKey(provider: String) async throws {
        try await withTable(provider, "qs") { cloud, table in
            let sorts = ["a", "ab", "abc", "b", "ba", "c"]
            for sort in sorts.shuffled() {
                try await cloud.kv.putItem(PutItemRequest(table: table, item: ["pk": .string("p"), "sk": .string(sort)]))
            }
            try await cloud.kv.putItem(PutItemRequest(table: table, item: ["pk": .string("other"), "sk": .string("a")]))
            func sorted(_ condition: SortKeyCondition, descending: Bool = false) async throws -> [String] {
                let page = try await cloud.kv.query(QueryRequest(table: table, partition: .string("p"), sort: condition, descending: descending, consistent: true))
                return page.items.compactMap { $0["sk"] }.map { value -> String in if case .string(let s) = value { s } else { "?" } }
            }
            #expect(try await sorted(.any) == sorts)
            #expect(try await sorted(.any, descending: true) == sorts.reversed())
            #expect(try await sorted(.equal(.string("ab"))) == ["ab"])
            #expect(try await sorted(.less(.string("b"))) == ["a", "ab", "abc"])
            #expect(try await sorted(.lessOrEqual(.string("b"))) == ["a", "ab", "abc", "b"])
            #expect(try await sorted(.greater(.string("b"))) == ["ba", "c"])
            #expect(try await sorted(.greaterOrEqual(.string("b"))) == ["b", "ba", "c"])
            #expect(try await sorted(.between(.string("ab"), .string("b"))) == ["ab", "abc", "b"])
            #expect(try await sorted(.beginsWith(.string("ab"))) == ["ab", "abc"])
            #expect(try await sorted(.beginsWith(.string("a")), descending: true) == ["abc", "ab", "a"])
        }
    }

    @Test("query on a number sort key orders by value, not by text", arguments: ProviderFixture.kvProviders)
    func queryNumberSortKey(provider: String) async throws {
        try await withTable(provider, "qn", sortType: .number) { cloud, table in
            let values = ["-10", "-2.5", "0", "3", "10", "100"]
            for value in values.shuffled() {
                try await cloud.kv.putItem(PutItemRequest(table: table, item: ["pk": .string("p"), "sk": try n(value)]))
            }
            let all = try await cloud.kv.query(QueryRequest(table: table, partition: .string("p"), consistent: true))
            #expect(all.items.map { $0["sk"] } == (try values.map { try n($0) }))
            let between = try await cloud.kv.query(QueryRequest(table: table, partition: .string("p"), sort: .between(try n("-3"), try n("10")), descending: true))
            #expect(between.items.map { $0["sk"] } == (try ["10", "3", "0", "-2.5"].map { try n($0) }))
            let wrongType = await failure { _ = try await cloud.kv.query(QueryRequest(table: table, partition: .string("p"), sort: .less(.string("x")))) }
            #expect(wrongType?.kind == .invalidArgument)
        }
    }

    @Test("query and scan pages visit every item exactly once", arguments: ProviderFixture.kvProviders)
    func paging(provider: String) async throws {
        try await withTable(provider, "page") { cloud, table in
            let sorts = (0..<5).map { "item-\($0)" }
            for sort in sorts { try await cloud.kv.putItem(PutItemRequest(table: table, item: ["pk": .string("p"), "sk": .string(sort)])) }
            for sort in ["x", "y"] { try await cloud.kv.putItem(PutItemRequest(table: table, item: ["pk": .string("q"), "sk": .string(sort)])) }
            let (items, pages) = try await allPages(cloud, QueryRequest(table: table, partition: .string("p"), limit: 2, consistent: true))
            #expect(items.map { $0["sk"] } == sorts.map { .string($0) })
            #expect(pages >= 3)
            let (descending, _) = try await allPages(cloud, QueryRequest(table: table, partition: .string("p"), limit: 2, descending: true))
            #expect(descending.map { $0["sk"] } == sorts.reversed().map { .string($0) })
            var scanned: [KVItem] = []
            var token: String?
            var rounds = 0
            repeat {
                let page = try await cloud.kv.scan(ScanRequest(table: table, limit: 3, pageToken: token))
                #expect(page.items.count <= 3)
                scanned += page.items
                token = page.nextPageToken
                rounds += 1
            } while token != nil && rounds < 20
            #expect(scanned.count == 7)
            #expect(Set(scanned).count == 7)
            #expect(await failure { _ = try await cloud.kv.scan(ScanRequest(table: table, limit: 3, pageToken: "garbage!")) }?.kind == .invalidArgument)
        }
    }

    @Test("batch put and batch get split into service limits, keep key order and skip missing keys", arguments: ProviderFixture.kvProviders)
    func batches(provider: String) async throws {
        try await withTable(provider, "batch", sortType: .number) { cloud, table in
            let items: [KVItem] = try (0..<60).map { ["pk": .string("b"), "sk": try n(String($0)), "payload": .string(String(repeating: "x", count: 100))] }
            try await cloud.kv.batchPut(table: table, items: items)
            var keys: [KVItem] = try (0..<150).reversed().map { ["pk": .string("b"), "sk": try n(String($0))] }
            keys.swapAt(0, 100)
            let got = try await cloud.kv.batchGet(table: table, keys: keys)
            let expectedOrder = keys.filter { key in items.contains { $0["sk"] == key["sk"] } }
            #expect(got.count == 60)
            #expect(got.map { $0["sk"] } == expectedOrder.map { $0["sk"] })
            let duplicate = await failure { try await cloud.kv.batchPut(table: table, items: [items[0], items[0]]) }
            #expect(duplicate?.kind == .invalidArgument)
        }
    }

    @Test("a transaction writes all or nothing and names the failing operation", arguments: ProviderFixture.kvProviders)
    func transaction(provider: String) async throws {
        try await withTable(provider, "tx") { cloud, table in
            let a: KVItem = ["pk": .string("t"), "sk": .string("a")]
            let b: KVItem = ["pk": .string("t"), "sk": .string("b")]
            let c: KVItem = ["pk": .string("t"), "sk": .string("c")]
            try await cloud.kv.putItem(PutItemRequest(table: table, item: a.merging(["balance": try n("10")]) { $1 }))
            try await cloud.kv.transact([
                .put(table: table, item: b.merging(["balance": try n("5")]) { $1 }, condition: .ifAbsent),
                .check(table: table, key: a, condition: .ifEquals(attribute: "balance", value: try n("10"))),
            ])
            #expect(try await cloud.kv.getItem(GetItemRequest(table: table, key: b, consistent: true)) != nil)
            let cancelled = await failure {
                try await cloud.kv.transact([
                    .put(table: table, item: c, condition: nil),
                    .delete(table: table, key: a, condition: nil),
                    .check(table: table, key: b, condition: .ifEquals(attribute: "balance", value: try n("999"))),
                ])
            }
            #expect(cancelled?.kind == .preconditionFailed)
            let details = try JSONValue.parse(try #require(cancelled?.detailsJSON))
            #expect(details["index"] == .number("2"))
            #expect(try await cloud.kv.getItem(GetItemRequest(table: table, key: c, consistent: true)) == nil)
            #expect(try await cloud.kv.getItem(GetItemRequest(table: table, key: a, consistent: true)) != nil)
        }
    }

    @Test("bad keys and missing tables fail with stable kinds", arguments: ProviderFixture.kvProviders)
    func badInput(provider: String) async throws {
        try await withTable(provider, "bad", sortType: .number) { cloud, table in
            let wrongType = await failure { try await cloud.kv.putItem(PutItemRequest(table: table, item: ["pk": .string("p"), "sk": .string("not a number")])) }
            #expect(wrongType?.kind == .invalidArgument)
            let missingKey = await failure { try await cloud.kv.putItem(PutItemRequest(table: table, item: ["pk": .string("p")])) }
            #expect(missingKey?.kind == .invalidArgument)
            let extraKey = await failure { _ = try await cloud.kv.getItem(GetItemRequest(table: table, key: ["pk": .string("p"), "sk": try n("1"), "x": .null])) }
            #expect(extraKey?.kind == .invalidArgument)
            let noTable = await failure { try await cloud.kv.putItem(PutItemRequest(table: "ck-missing-table", item: ["pk": .string("p")])) }
            #expect(noTable?.kind == .notFound)
        }
    }
}
