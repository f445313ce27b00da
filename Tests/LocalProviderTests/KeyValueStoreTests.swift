import CloudKitModel
import CloudKitTestSupport
import Foundation
@testable import LocalProvider
import Testing

/// A fresh root folder for one test, removed when the test's suite instance goes away:
/// the swift-testing counterpart of `LocalStoreTestCase`'s per-test root (same naming).
final class KeyValueTestRoot: Sendable {
    let path = TestFolders.path("cloudkit-local")

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// A store on this root (call twice for two "processes" sharing it).
    func makeStore() throws -> LocalKeyValueStore {
        try LocalKeyValueStore(root: LocalRoot(path: path), logger: .silent)
    }
}

/// The error `body` throws, or nil (recorded as an issue) when it succeeds.
@discardableResult
func kvFailure<T>(
    _ kind: CloudErrorKind, sourceLocation: SourceLocation = #_sourceLocation, _ body: () async throws -> T
) async -> CloudError? {
    do {
        _ = try await body()
        Issue.record("expected a \(kind) error, got success", sourceLocation: sourceLocation)
        return nil
    } catch let error as CloudError {
        #expect(error.kind == kind, "\(error)", sourceLocation: sourceLocation)
        return error
    } catch {
        Issue.record("expected a CloudError, got \(error)", sourceLocation: sourceLocation)
        return nil
    }
}

/// A number attribute from its text.
func kvNumber(_ text: String) throws -> AttributeValue { .number(try KVNumber(text)) }

@Suite("LocalKeyValueStore: DynamoDB's semantics on SQLite")
struct KeyValueStoreTests {
    let root = KeyValueTestRoot()

    /// A store with a table `items` keyed by `pk` (S) and, when given, `sk` of `sortType`.
    func makeStore(sortType: KeyType? = .string) async throws -> LocalKeyValueStore {
        let store = try root.makeStore()
        try await store.createTable(TableSpec(table: "items", partitionKey: KeyAttribute("pk"), sortKey: sortType.map { KeyAttribute("sk", $0) }))
        return store
    }

    func get(_ store: LocalKeyValueStore, _ key: KVItem, table: String = "items") async throws -> KVItem? {
        try await store.getItem(GetItemRequest(table: table, key: key))
    }

    /// Every page of `request`, following tokens; also returns the number of pages.
    func allPages(_ store: LocalKeyValueStore, _ request: QueryRequest) async throws -> (items: [KVItem], pages: Int) {
        var request = request
        var items: [KVItem] = []
        var pages = 0
        repeat {
            let page = try await store.query(request)
            if let limit = request.limit { #expect(page.items.count <= limit) }
            items += page.items
            pages += 1
            request.pageToken = page.nextPageToken
        } while request.pageToken != nil && pages < 100
        return (items, pages)
    }

    // MARK: Tables

    @Test("creating a table twice is alreadyExists; deleting it twice is notFound")
    func createDuplicateDeleteTable() async throws {
        let store = try await makeStore()
        let duplicate = await kvFailure(.alreadyExists) { try await store.createTable(TableSpec(table: "items", partitionKey: KeyAttribute("id"))) }
        #expect(duplicate?.code == "ResourceInUseException")
        try await store.deleteTable("items")
        let missing = await kvFailure(.notFound) { try await store.deleteTable("items") }
        #expect(missing?.code == "ResourceNotFoundException")
        try await store.createTable(TableSpec(table: "items", partitionKey: KeyAttribute("id", .number)))
    }

    @Test("a database file appears under the root, which is created when missing")
    func databaseUnderRoot() async throws {
        #expect(!FileManager.default.fileExists(atPath: root.path))
        _ = try await makeStore()
        #expect(FileManager.default.fileExists(atPath: "\(root.path)/cloudkit.sqlite3"))
    }

    @Test("bad table names and a sort key named like the partition key are refused")
    func badTableSpecs() async throws {
        let store = try root.makeStore()
        let short = await kvFailure(.invalidArgument) { try await store.createTable(TableSpec(table: "x", partitionKey: KeyAttribute("id"))) }
        #expect(short?.code == "ValidationException")
        await kvFailure(.invalidArgument) { try await store.createTable(TableSpec(table: "bad name", partitionKey: KeyAttribute("id"))) }
        await kvFailure(.invalidArgument) { try await store.createTable(TableSpec(table: "good", partitionKey: KeyAttribute(""))) }
        await kvFailure(.invalidArgument) {
            try await store.createTable(TableSpec(table: "good", partitionKey: KeyAttribute("id"), sortKey: KeyAttribute("id", .number)))
        }
    }

    @Test("deleting a table deletes its items, and a new table of that name starts empty")
    func deleteTableDeletesItems() async throws {
        let store = try await makeStore()
        try await store.putItem(PutItemRequest(table: "items", item: ["pk": .string("a"), "sk": .string("1")]))
        try await store.deleteTable("items")
        try await store.createTable(TableSpec(table: "items", partitionKey: KeyAttribute("pk"), sortKey: KeyAttribute("sk")))
        #expect(try await store.scan(ScanRequest(table: "items")).items.isEmpty)
    }

    @Test("every item operation on a missing table is notFound")
    func missingTable() async throws {
        let store = try root.makeStore()
        let key: KVItem = ["pk": .string("p")]
        let put = await kvFailure(.notFound) { try await store.putItem(PutItemRequest(table: "nope", item: key)) }
        #expect(put?.message == "table 'nope' does not exist")
        await kvFailure(.notFound) { try await store.getItem(GetItemRequest(table: "nope", key: key)) }
        await kvFailure(.notFound) { try await store.deleteItem(DeleteItemRequest(table: "nope", key: key)) }
        await kvFailure(.notFound) { try await store.updateItem(UpdateItemRequest(table: "nope", key: key, set: ["a": .null])) }
        await kvFailure(.notFound) { try await store.query(QueryRequest(table: "nope", partition: .string("p"))) }
        await kvFailure(.notFound) { try await store.scan(ScanRequest(table: "nope")) }
        await kvFailure(.notFound) { try await store.batchGet(table: "nope", keys: [key]) }
        await kvFailure(.notFound) { try await store.batchPut(table: "nope", items: [key]) }
        await kvFailure(.notFound) { try await store.transact([.put(table: "nope", item: key, condition: nil)]) }
    }

    // MARK: Items

    @Test("put then get returns every type unchanged, including a 38-digit number")
    func roundTripEveryType() async throws {
        let store = try await makeStore()
        let item: KVItem = [
            "pk": .string("p"), "sk": .string("s"),
            "string": .string("héllo ✓ \u{0}"), "empty": .string(""),
            "big": try kvNumber("12345678901234567890123456789012345678"),
            "small": try kvNumber("-0.00000000000000000000000000000000000012345678901234567890123456789012345678"),
            "bool": .bool(true), "null": .null,
            "binary": .binary(Data([0, 1, 0xFF])),
            "list": .list([.string("a"), try kvNumber("1.5"), .list([.bool(false)])]),
            "map": .map(["inner": .map(["$b64": .string("not binary")]), "n": try kvNumber("7")]),
            "strings": try .stringSet(["b", "a"]),
            "numbers": try .numberSet([try KVNumber("10"), try KVNumber("-1")]),
            "binaries": try .binarySet([Data([2]), Data([1])]),
        ]
        try await store.putItem(PutItemRequest(table: "items", item: item))
        let got = try await get(store, ["pk": .string("p"), "sk": .string("s")])
        #expect(got == item)
        #expect(try await get(store, ["pk": .string("p"), "sk": .string("other")]) == nil)
    }

    @Test("a put replaces the whole item")
    func putReplaces() async throws {
        let store = try await makeStore()
        try await store.putItem(PutItemRequest(table: "items", item: ["pk": .string("p"), "sk": .string("s"), "a": .bool(true)]))
        try await store.putItem(PutItemRequest(table: "items", item: ["pk": .string("p"), "sk": .string("s"), "b": .null]))
        #expect(try await get(store, ["pk": .string("p"), "sk": .string("s")]) == ["pk": .string("p"), "sk": .string("s"), "b": .null])
    }

    @Test("a failed conditional put (if-absent, if-equals, if-exists) leaves the item unchanged")
    func conditionalPut() async throws {
        let store = try await makeStore()
        let key: KVItem = ["pk": .string("p"), "sk": .string("s")]
        let original = key.merging(["v": try kvNumber("1")]) { $1 }
        try await store.putItem(PutItemRequest(table: "items", item: original, condition: .ifAbsent))
        let replacement = key.merging(["v": try kvNumber("2")]) { $1 }
        let absent = await kvFailure(.preconditionFailed) { try await store.putItem(PutItemRequest(table: "items", item: replacement, condition: .ifAbsent)) }
        #expect(absent?.code == "ConditionalCheckFailedException")
        #expect(absent?.message == "the condition was not met")
        await kvFailure(.preconditionFailed) {
            try await store.putItem(PutItemRequest(table: "items", item: replacement, condition: .ifEquals(attribute: "v", value: try kvNumber("3"))))
        }
        await kvFailure(.preconditionFailed) {
            try await store.putItem(PutItemRequest(table: "items", item: replacement, condition: .ifEquals(attribute: "missing", value: .null)))
        }
        #expect(try await get(store, key) == original)
        // Numbers compare by value: 1 equals 1.0.
        try await store.putItem(PutItemRequest(table: "items", item: replacement, condition: .ifEquals(attribute: "v", value: try kvNumber("1.0"))))
        #expect(try await get(store, key) == replacement)
        try await store.putItem(PutItemRequest(table: "items", item: original, condition: .ifExists))
        let other: KVItem = ["pk": .string("p"), "sk": .string("other")]
        await kvFailure(.preconditionFailed) { try await store.putItem(PutItemRequest(table: "items", item: other, condition: .ifExists)) }
        #expect(try await get(store, other) == nil)
    }

    @Test("conditional delete deletes only when the condition holds; an unconditional delete of nothing succeeds")
    func conditionalDelete() async throws {
        let store = try await makeStore()
        let key: KVItem = ["pk": .string("p"), "sk": .string("s")]
        let item = key.merging(["state": .string("open")]) { $1 }
        try await store.putItem(PutItemRequest(table: "items", item: item))
        await kvFailure(.preconditionFailed) {
            try await store.deleteItem(DeleteItemRequest(table: "items", key: key, condition: .ifEquals(attribute: "state", value: .string("closed"))))
        }
        #expect(try await get(store, key) == item)
        try await store.deleteItem(DeleteItemRequest(table: "items", key: key, condition: .ifEquals(attribute: "state", value: .string("open"))))
        #expect(try await get(store, key) == nil)
        await kvFailure(.preconditionFailed) { try await store.deleteItem(DeleteItemRequest(table: "items", key: key, condition: .ifExists)) }
        try await store.deleteItem(DeleteItemRequest(table: "items", key: key))
        try await store.deleteItem(DeleteItemRequest(table: "items", key: key, condition: .ifAbsent))
    }

    @Test("keys of the wrong type, missing or extra key attributes and empty key values are refused")
    func keyTypeMismatch() async throws {
        let store = try await makeStore(sortType: .number)
        let wrongType = await kvFailure(.invalidArgument) {
            try await store.putItem(PutItemRequest(table: "items", item: ["pk": .string("p"), "sk": .string("not a number")]))
        }
        #expect(wrongType?.message.hasPrefix("Type mismatch for key") == true)
        #expect(wrongType?.code == "ValidationException")
        await kvFailure(.invalidArgument) { try await store.putItem(PutItemRequest(table: "items", item: ["pk": .string("p")])) }
        await kvFailure(.invalidArgument) { try await store.putItem(PutItemRequest(table: "items", item: ["pk": .string(""), "sk": try kvNumber("1")])) }
        await kvFailure(.invalidArgument) { try await store.getItem(GetItemRequest(table: "items", key: ["pk": try kvNumber("1"), "sk": try kvNumber("1")])) }
        await kvFailure(.invalidArgument) { try await store.getItem(GetItemRequest(table: "items", key: ["pk": .string("p")])) }
        await kvFailure(.invalidArgument) {
            try await store.getItem(GetItemRequest(table: "items", key: ["pk": .string("p"), "sk": try kvNumber("1"), "x": .null]))
        }
        await kvFailure(.invalidArgument) {
            try await store.deleteItem(DeleteItemRequest(table: "items", key: ["pk": .string("p"), "sk": .binary(Data([1]))]))
        }
        #expect(try await store.scan(ScanRequest(table: "items")).items.isEmpty)
    }

    @Test("an item over 400 KB is refused")
    func itemSizeLimit() async throws {
        let store = try await makeStore()
        let big: KVItem = ["pk": .string("p"), "sk": .string("s"), "blob": .string(String(repeating: "x", count: 410_000))]
        await kvFailure(.invalidArgument) { try await store.putItem(PutItemRequest(table: "items", item: big)) }
        let fits: KVItem = ["pk": .string("p"), "sk": .string("s"), "blob": .string(String(repeating: "x", count: 400_000))]
        try await store.putItem(PutItemRequest(table: "items", item: fits))
    }

    // MARK: Update

    @Test("update sets, removes and adds, and returns the item after the update")
    func updateSetRemoveAdd() async throws {
        let store = try await makeStore()
        let key: KVItem = ["pk": .string("p"), "sk": .string("s")]
        try await store.putItem(PutItemRequest(table: "items", item: key.merging(["old": .bool(true), "count": try kvNumber("10")]) { $1 }))
        let updated = try await store.updateItem(UpdateItemRequest(
            table: "items", key: key, set: ["name": .string("n")], remove: ["old", "never-there"], add: ["count": try KVNumber("-2.5")]))
        let expected = key.merging(["name": .string("n"), "count": try kvNumber("7.5")]) { $1 }
        #expect(updated == expected)
        #expect(try await get(store, key) == expected)
    }

    @Test("update creates the item from its key when absent, and add counts a missing attribute as 0")
    func updateUpserts() async throws {
        let store = try await makeStore()
        let key: KVItem = ["pk": .string("p"), "sk": .string("new")]
        let created = try await store.updateItem(UpdateItemRequest(table: "items", key: key, add: ["hits": try KVNumber("3")]))
        #expect(created == key.merging(["hits": try kvNumber("3")]) { $1 })
        #expect(try await get(store, key) == created)
        let other: KVItem = ["pk": .string("p"), "sk": .string("other")]
        await kvFailure(.preconditionFailed) { try await store.updateItem(UpdateItemRequest(table: "items", key: other, set: ["a": .null], condition: .ifExists)) }
        #expect(try await get(store, other) == nil)
        let guarded = try await store.updateItem(UpdateItemRequest(table: "items", key: other, set: ["a": .null], condition: .ifAbsent))
        #expect(guarded == other.merging(["a": .null]) { $1 })
    }

    @Test("adding past 38 digits, adding to a non-number, touching a key attribute or naming one attribute twice is refused")
    func updateRefusals() async throws {
        let store = try await makeStore()
        let key: KVItem = ["pk": .string("p"), "sk": .string("s")]
        let item = key.merging(["n": try kvNumber("99999999999999999999999999999999999999"), "s": .string("text")]) { $1 }
        try await store.putItem(PutItemRequest(table: "items", item: item))
        // 38 nines + 0.1 needs 39 significant digits (+ 1 would be 1e38, which fits).
        await kvFailure(.invalidArgument) { try await store.updateItem(UpdateItemRequest(table: "items", key: key, add: ["n": try KVNumber("0.1")])) }
        await kvFailure(.invalidArgument) { try await store.updateItem(UpdateItemRequest(table: "items", key: key, add: ["s": try KVNumber("1")])) }
        await kvFailure(.invalidArgument) { try await store.updateItem(UpdateItemRequest(table: "items", key: key, set: ["sk": .string("x")])) }
        await kvFailure(.invalidArgument) { try await store.updateItem(UpdateItemRequest(table: "items", key: key, remove: ["pk"])) }
        await kvFailure(.invalidArgument) { try await store.updateItem(UpdateItemRequest(table: "items", key: key, add: ["pk": try KVNumber("1")])) }
        await kvFailure(.invalidArgument) {
            try await store.updateItem(UpdateItemRequest(table: "items", key: key, set: ["a": .null], remove: ["a"]))
        }
        await kvFailure(.invalidArgument) {
            try await store.updateItem(UpdateItemRequest(table: "items", key: key, set: ["a": .null], add: ["a": try KVNumber("1")]))
        }
        await kvFailure(.preconditionFailed) {
            try await store.updateItem(UpdateItemRequest(
                table: "items", key: key, set: ["z": .null], condition: .ifEquals(attribute: "s", value: .string("other"))))
        }
        #expect(try await get(store, key) == item)
    }

    // MARK: Query

    @Test("query with each sort operator on a string sort key, ascending and descending")
    func queryStringSortKey() async throws {
        let store = try await makeStore()
        let sorts = ["a", "ab", "abc", "b", "ba", "c"]
        for sort in sorts.shuffled() { try await store.putItem(PutItemRequest(table: "items", item: ["pk": .string("p"), "sk": .string(sort)])) }
        try await store.putItem(PutItemRequest(table: "items", item: ["pk": .string("q"), "sk": .string("a")]))
        func found(_ condition: SortKeyCondition, descending: Bool = false) async throws -> [String] {
            try await store.query(QueryRequest(table: "items", partition: .string("p"), sort: condition, descending: descending)).items.compactMap {
                if case .string(let text) = $0["sk"] { text } else { nil }
            }
        }
        #expect(try await found(.any) == sorts)
        #expect(try await found(.any, descending: true) == sorts.reversed())
        #expect(try await found(.equal(.string("ab"))) == ["ab"])
        #expect(try await found(.less(.string("b"))) == ["a", "ab", "abc"])
        #expect(try await found(.lessOrEqual(.string("b"))) == ["a", "ab", "abc", "b"])
        #expect(try await found(.greater(.string("b"))) == ["ba", "c"])
        #expect(try await found(.greaterOrEqual(.string("b"))) == ["b", "ba", "c"])
        #expect(try await found(.between(.string("ab"), .string("b"))) == ["ab", "abc", "b"])
        #expect(try await found(.between(.string("b"), .string("b"))) == ["b"])
        #expect(try await found(.beginsWith(.string("ab"))) == ["ab", "abc"])
        #expect(try await found(.beginsWith(.string("a")), descending: true) == ["abc", "ab", "a"])
        #expect(try await found(.beginsWith(.string("z"))) == [])
    }

    @Test("query on a number sort key returns numeric order with each operator")
    func queryNumberSortKey() async throws {
        let store = try await makeStore(sortType: .number)
        let texts = ["-10", "-2.5", "0", "3", "10"]
        for text in texts.reversed() { try await store.putItem(PutItemRequest(table: "items", item: ["pk": .string("p"), "sk": try kvNumber(text)])) }
        func found(_ condition: SortKeyCondition, descending: Bool = false) async throws -> [String] {
            try await store.query(QueryRequest(table: "items", partition: .string("p"), sort: condition, descending: descending)).items.compactMap {
                if case .number(let number) = $0["sk"] { number.text } else { nil }
            }
        }
        #expect(try await found(.any) == texts)
        #expect(try await found(.any, descending: true) == texts.reversed())
        #expect(try await found(.equal(try kvNumber("3.0"))) == ["3"])
        #expect(try await found(.less(try kvNumber("0"))) == ["-10", "-2.5"])
        #expect(try await found(.lessOrEqual(try kvNumber("0"))) == ["-10", "-2.5", "0"])
        #expect(try await found(.greater(try kvNumber("-2.5"))) == ["0", "3", "10"])
        #expect(try await found(.greaterOrEqual(try kvNumber("-2.5"))) == ["-2.5", "0", "3", "10"])
        #expect(try await found(.between(try kvNumber("-3"), try kvNumber("3"))) == ["-2.5", "0", "3"])
        #expect(try await found(.between(try kvNumber("-3"), try kvNumber("3")), descending: true) == ["3", "0", "-2.5"])
    }

    @Test("binary sort keys order by unsigned bytes, and begins_with works on them, even after 0xFF")
    func queryBinarySortKey() async throws {
        let store = try await makeStore(sortType: .binary)
        let values: [Data] = [Data([0x01]), Data([0x7F]), Data([0x80]), Data([0xFF]), Data([0xFF, 0x00]), Data([0xFF, 0xFF])]
        for value in values.reversed() { try await store.putItem(PutItemRequest(table: "items", item: ["pk": .string("p"), "sk": .binary(value)])) }
        let all = try await store.query(QueryRequest(table: "items", partition: .string("p"))).items.map { $0["sk"] }
        #expect(all == values.map { .binary($0) })
        let prefixed = try await store.query(QueryRequest(table: "items", partition: .string("p"), sort: .beginsWith(.binary(Data([0xFF]))))).items
        #expect(prefixed.map { $0["sk"] } == [Data([0xFF]), Data([0xFF, 0x00]), Data([0xFF, 0xFF])].map { .binary($0) })
    }

    @Test("query refuses mistyped partitions and operands, begins_with on numbers, reversed between and bad limits")
    func queryRefusals() async throws {
        let store = try await makeStore(sortType: .number)
        func refused(_ request: QueryRequest, sourceLocation: SourceLocation = #_sourceLocation) async {
            await kvFailure(.invalidArgument, sourceLocation: sourceLocation) { try await store.query(request) }
        }
        await refused(QueryRequest(table: "items", partition: try kvNumber("1")))
        await refused(QueryRequest(table: "items", partition: .string("p"), sort: .less(.string("x"))))
        await refused(QueryRequest(table: "items", partition: .string("p"), sort: .beginsWith(try kvNumber("1"))))
        await refused(QueryRequest(table: "items", partition: .string("p"), sort: .between(try kvNumber("5"), try kvNumber("-5"))))
        await refused(QueryRequest(table: "items", partition: .string("p"), limit: 0))
        await refused(QueryRequest(table: "items", partition: .string("p"), limit: KVLimits.pageLimit + 1))
        await refused(QueryRequest(table: "items", partition: .string("p"), pageToken: "garbage!"))
        try await store.createTable(TableSpec(table: "flat", partitionKey: KeyAttribute("id")))
        await refused(QueryRequest(table: "flat", partition: .string("p"), sort: .equal(.string("x"))))
        #expect(try await store.query(QueryRequest(table: "flat", partition: .string("p"))).items.isEmpty)
    }

    @Test("query paging with limit 2 over 5 items visits every item exactly once, in both directions")
    func queryPaging() async throws {
        let store = try await makeStore()
        let sorts = (0..<5).map { "item-\($0)" }
        for sort in sorts { try await store.putItem(PutItemRequest(table: "items", item: ["pk": .string("p"), "sk": .string(sort)])) }
        for sort in ["x", "y"] { try await store.putItem(PutItemRequest(table: "items", item: ["pk": .string("q"), "sk": .string(sort)])) }
        let ascending = try await allPages(store, QueryRequest(table: "items", partition: .string("p"), limit: 2))
        #expect(ascending.items.map { $0["sk"] } == sorts.map { .string($0) })
        #expect(ascending.pages == 3)
        let descending = try await allPages(store, QueryRequest(table: "items", partition: .string("p"), limit: 2, descending: true))
        #expect(descending.items.map { $0["sk"] } == sorts.reversed().map { .string($0) })
        let bounded = try await allPages(store, QueryRequest(table: "items", partition: .string("p"), sort: .greater(.string("item-1")), limit: 2))
        #expect(bounded.items.map { $0["sk"] } == sorts.dropFirst(2).map { .string($0) })
        let unlimited = try await store.query(QueryRequest(table: "items", partition: .string("p")))
        #expect(unlimited.items.count == 5)
        #expect(unlimited.nextPageToken == nil)
        // A token from another partition is refused.
        let other = try await store.query(QueryRequest(table: "items", partition: .string("q"), limit: 1))
        let token = try #require(other.nextPageToken)
        await kvFailure(.invalidArgument) { try await store.query(QueryRequest(table: "items", partition: .string("p"), limit: 2, pageToken: token)) }
    }

    @Test("scan paging visits every item of the table exactly once, in key order")
    func scanPaging() async throws {
        let store = try await makeStore()
        var expected: [KVItem] = []
        for partition in ["a", "b", "c"] {
            for sort in ["1", "2", "3"] {
                let item: KVItem = ["pk": .string(partition), "sk": .string(sort), "v": .string(partition + sort)]
                expected.append(item)
            }
        }
        for item in expected.shuffled() { try await store.putItem(PutItemRequest(table: "items", item: item)) }
        try await store.createTable(TableSpec(table: "other", partitionKey: KeyAttribute("pk"), sortKey: KeyAttribute("sk")))
        try await store.putItem(PutItemRequest(table: "other", item: ["pk": .string("a"), "sk": .string("0")]))
        var scanned: [KVItem] = []
        var token: String?
        var pages = 0
        repeat {
            let page = try await store.scan(ScanRequest(table: "items", limit: 2, pageToken: token))
            #expect(page.items.count <= 2)
            scanned += page.items
            token = page.nextPageToken
            pages += 1
        } while token != nil && pages < 20
        #expect(scanned == expected)
        #expect(pages == 5)
        #expect(try await store.scan(ScanRequest(table: "items")).items == expected)
        await kvFailure(.invalidArgument) { try await store.scan(ScanRequest(table: "items", limit: 3, pageToken: "garbage!")) }
        await kvFailure(.invalidArgument) { try await store.scan(ScanRequest(table: "items", limit: 0)) }
    }

    // MARK: Batches

    @Test("batch put of 60 items, then batch get of 150 keys keeps key order and skips missing keys")
    func batches() async throws {
        let store = try await makeStore(sortType: .number)
        let items: [KVItem] = try (0..<60).map { ["pk": .string("b"), "sk": try kvNumber(String($0)), "payload": .string(String(repeating: "x", count: 100))] }
        try await store.batchPut(table: "items", items: items)
        var keys: [KVItem] = try (0..<150).reversed().map { ["pk": .string("b"), "sk": try kvNumber(String($0))] }
        keys.swapAt(0, 100)
        let got = try await store.batchGet(table: "items", keys: keys)
        let expected = keys.compactMap { key in items.first { $0["sk"] == key["sk"] } }
        #expect(got.count == 60)
        #expect(got == expected)
        #expect(try await store.batchGet(table: "items", keys: []).isEmpty)
    }

    @Test("duplicate keys in a batch are refused, and a batch put with one bad item writes nothing")
    func batchRefusals() async throws {
        let store = try await makeStore()
        let item: KVItem = ["pk": .string("p"), "sk": .string("s")]
        let duplicate = await kvFailure(.invalidArgument) { try await store.batchPut(table: "items", items: [item, item.merging(["x": .null]) { $1 }]) }
        #expect(duplicate?.message.contains("duplicate key in batch") == true)
        await kvFailure(.invalidArgument) { try await store.batchGet(table: "items", keys: [item, item]) }
        let good: KVItem = ["pk": .string("p"), "sk": .string("good")]
        await kvFailure(.invalidArgument) { try await store.batchPut(table: "items", items: [good, ["pk": .string("p"), "sk": try kvNumber("1")]]) }
        #expect(try await store.scan(ScanRequest(table: "items")).items.isEmpty)
    }

    // MARK: Transactions

    @Test("a transaction writes all or nothing and names the first failing operation in detailsJSON")
    func transactionAllOrNothing() async throws {
        let store = try await makeStore()
        let a: KVItem = ["pk": .string("t"), "sk": .string("a")]
        let b: KVItem = ["pk": .string("t"), "sk": .string("b")]
        let c: KVItem = ["pk": .string("t"), "sk": .string("c")]
        try await store.putItem(PutItemRequest(table: "items", item: a.merging(["balance": try kvNumber("10")]) { $1 }))
        try await store.transact([
            .put(table: "items", item: b.merging(["balance": try kvNumber("5")]) { $1 }, condition: .ifAbsent),
            .check(table: "items", key: a, condition: .ifEquals(attribute: "balance", value: try kvNumber("10"))),
        ])
        #expect(try await get(store, b) != nil)
        let cancelled = await kvFailure(.preconditionFailed) {
            try await store.transact([
                .put(table: "items", item: c, condition: nil),
                .delete(table: "items", key: a, condition: nil),
                .check(table: "items", key: b, condition: .ifEquals(attribute: "balance", value: try kvNumber("999"))),
                .put(table: "items", item: ["pk": .string("t"), "sk": .string("d")], condition: .ifExists),
            ])
        }
        #expect(cancelled?.code == "TransactionCanceledException")
        #expect(cancelled?.message == "the transaction was cancelled: operation 2 failed its condition")
        #expect(cancelled?.detailsJSON == "{\"index\":2,\"reason\":\"ConditionalCheckFailed\"}")
        #expect(try await get(store, c) == nil)
        #expect(try await get(store, a) != nil)
        try await store.transact([.delete(table: "items", key: a, condition: .ifExists), .put(table: "items", item: c, condition: .ifAbsent)])
        #expect(try await get(store, a) == nil)
        #expect(try await get(store, c) == c)
    }

    @Test("a transaction with no operations, too many, or two on one item is refused")
    func transactionRefusals() async throws {
        let store = try await makeStore()
        let a: KVItem = ["pk": .string("t"), "sk": .string("a")]
        await kvFailure(.invalidArgument) { try await store.transact([]) }
        let many: [TransactOperation] = (0...KVLimits.transactionOperations).map {
            .put(table: "items", item: ["pk": .string("t"), "sk": .string("\($0)")], condition: nil)
        }
        await kvFailure(.invalidArgument) { try await store.transact(many) }
        await kvFailure(.invalidArgument) {
            try await store.transact([.put(table: "items", item: a, condition: nil), .check(table: "items", key: a, condition: .ifAbsent)])
        }
        #expect(try await store.scan(ScanRequest(table: "items")).items.isEmpty)
        try await store.transact(Array(many.dropLast()))
        #expect(try await store.scan(ScanRequest(table: "items")).items.count == KVLimits.transactionOperations)
    }

    // MARK: Concurrency and cancellation

    @Test("two stores on one root (two processes) make 50 concurrent conditional increments add up exactly")
    func concurrentIncrementsAcrossStores() async throws {
        let first = try await makeStore()
        let second = try root.makeStore()
        let key: KVItem = ["pk": .string("counter"), "sk": .string("c")]
        try await first.putItem(PutItemRequest(table: "items", item: key.merging(["open": .bool(true), "count": try kvNumber("0")]) { $1 }))
        let one = try KVNumber("1")
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<50 {
                let store = index.isMultiple(of: 2) ? first : second
                group.addTask {
                    _ = try await store.updateItem(UpdateItemRequest(
                        table: "items", key: key, add: ["count": one], condition: .ifEquals(attribute: "open", value: .bool(true))))
                }
            }
            try await group.waitForAll()
        }
        #expect(try await get(second, key)?["count"] == kvNumber("50"))
    }

    @Test("two stores opening a fresh root at once both create the schema and see each other's writes")
    func concurrentFirstUse() async throws {
        let first = try root.makeStore()
        let second = try root.makeStore()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<20 {
                let store = index.isMultiple(of: 2) ? first : second
                group.addTask {
                    do {
                        try await store.createTable(TableSpec(table: "shared", partitionKey: KeyAttribute("pk"), sortKey: KeyAttribute("sk", .number)))
                    } catch let error as CloudError where error.kind == .alreadyExists {}
                    try await store.putItem(PutItemRequest(table: "shared", item: ["pk": .string("p"), "sk": try kvNumber(String(index))]))
                }
            }
            try await group.waitForAll()
        }
        #expect(try await first.query(QueryRequest(table: "shared", partition: .string("p"))).items.count == 20)
        #expect(try await second.scan(ScanRequest(table: "shared")).items.count == 20)
    }

    @Test("compare-and-set increments from two stores never lose an update")
    func compareAndSetAcrossStores() async throws {
        let first = try await makeStore()
        let second = try root.makeStore()
        let key: KVItem = ["pk": .string("counter"), "sk": .string("cas")]
        try await first.putItem(PutItemRequest(table: "items", item: key.merging(["count": try kvNumber("0")]) { $1 }))
        try await withThrowingTaskGroup(of: Void.self) { group in
            for worker in 0..<10 {
                let store = worker.isMultiple(of: 2) ? first : second
                group.addTask {
                    for _ in 0..<3 {
                        while true {
                            let current = try await store.getItem(GetItemRequest(table: "items", key: key))?["count"]
                            guard case .number(let value)? = current else { throw CloudError.internal("no counter") }
                            do {
                                _ = try await store.updateItem(UpdateItemRequest(
                                    table: "items", key: key, set: ["count": .number(try value + KVNumber("1"))],
                                    condition: .ifEquals(attribute: "count", value: .number(value))))
                                break
                            } catch let error as CloudError where error.kind == .preconditionFailed {
                                continue
                            }
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(try await get(first, key)?["count"] == kvNumber("30"))
    }

    @Test("an operation started from a cancelled task is cancelled before it runs")
    func cancelledBeforeStart() async throws {
        let store = try await makeStore()
        let task = Task { () async -> CloudError? in
            withUnsafeCurrentTask { $0?.cancel() }
            do throws(CloudError) {
                try await store.putItem(PutItemRequest(table: "items", item: ["pk": .string("p"), "sk": .string("s")]))
                return nil
            } catch {
                return error
            }
        }
        #expect(await task.value?.kind == .cancelled)
        #expect(try await get(store, ["pk": .string("p"), "sk": .string("s")]) == nil)
    }
}
