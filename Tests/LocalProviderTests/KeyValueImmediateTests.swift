import CloudKitModel
import Foundation
@testable import LocalProvider
import Testing

/// Item reads answered on the caller's thread (`ImmediateItemReads`) give the
/// usual answer as `KVJSON.text` writes it, or nothing — also after another
/// store (another process) changed the item or remade the table with other keys.
@Suite("LocalKeyValueStore: immediate item reads")
struct KeyValueImmediateTests {
    let root = KeyValueTestRoot()

    /// The usual answer, as the text the immediate read should give.
    func usual(_ store: LocalKeyValueStore, _ table: String, _ key: KVItem) async throws -> String? {
        try await store.getItem(GetItemRequest(table: table, key: key)).map { KVJSON.text($0) }
    }

    /// Checks the immediate answer is the usual one (when there is one); true when there was.
    @discardableResult
    func expectSame(_ store: LocalKeyValueStore, _ table: String, _ key: KVItem) async throws -> Bool {
        let expected = try await usual(store, table, key)
        guard let immediate = store.getItemImmediately(GetItemRequest(table: table, key: key)) else { return false }
        #expect(try immediate.get() == expected, "\(table) \(key)")
        return true
    }

    @Test("an item, an absent one and one with every type read at once as the usual read gives them")
    func sameAnswers() async throws {
        let store = try root.makeStore()
        try await store.createTable(TableSpec(table: "things", partitionKey: KeyAttribute("pk"), sortKey: KeyAttribute("n", .number)))
        let item = try KVJSON.item(
            #"{"pk":"a","n":1.50,"s":"x\"y","b":{"$b64":"AAE="},"l":[1,true,null],"m":{"$ss":["q","p"]},"z":{"$m":{"$b64":"not binary"}}}"#)
        try await store.putItem(PutItemRequest(table: "things", item: item))
        // The first read learns the schema, the next ones use it.
        for _ in 0..<3 {
            let answered = try await expectSame(store, "things", ["pk": .string("a"), "n": .number(try KVNumber("1.5"))])
            #expect(answered, "an idle connection and no lock in the way")
            try await expectSame(store, "things", ["pk": .string("absent"), "n": .number(try KVNumber("1"))])
        }
    }

    @Test("what is not plainly an answer is left to the usual read: a missing table, a bad key, a bad table name")
    func leftToTheUsualRead() async throws {
        let store = try root.makeStore()
        try await store.createTable(TableSpec(table: "things", partitionKey: KeyAttribute("pk")))
        _ = try await store.getItem(GetItemRequest(table: "things", key: ["pk": .string("warm")]))
        #expect(store.getItemImmediately(GetItemRequest(table: "missing", key: ["pk": .string("a")])) == nil)
        #expect(store.getItemImmediately(GetItemRequest(table: "things", key: ["pk": .number(try KVNumber("1"))])) == nil)
        #expect(store.getItemImmediately(GetItemRequest(table: "things", key: ["other": .string("a")])) == nil)
        #expect(store.getItemImmediately(GetItemRequest(table: "x", key: ["pk": .string("a")])) == nil)
    }

    @Test("after another store changes the item or remakes the table with other keys, no stale answer is given")
    func otherWriters() async throws {
        let store = try root.makeStore()
        let other = try root.makeStore()
        try await store.createTable(TableSpec(table: "shared", partitionKey: KeyAttribute("pk")))
        try await store.putItem(PutItemRequest(table: "shared", item: ["pk": .string("a"), "v": .string("one")]))
        try await expectSame(store, "shared", ["pk": .string("a")])
        try await expectSame(store, "shared", ["pk": .string("a")])
        try await other.putItem(PutItemRequest(table: "shared", item: ["pk": .string("a"), "v": .string("two")]))
        try await expectSame(store, "shared", ["pk": .string("a")])
        try await other.deleteTable("shared")
        try await other.createTable(TableSpec(table: "shared", partitionKey: KeyAttribute("pk", .number)))
        try await other.putItem(PutItemRequest(table: "shared", item: ["pk": .number(try KVNumber("7")), "v": .string("three")]))
        #expect(store.getItemImmediately(GetItemRequest(table: "shared", key: ["pk": .string("a")])) == nil, "the old key type")
        try await expectSame(store, "shared", ["pk": .number(try KVNumber("7"))])
        try await other.deleteTable("shared")
        #expect(store.getItemImmediately(GetItemRequest(table: "shared", key: ["pk": .number(try KVNumber("7"))])) == nil, "the table is gone")
    }

    @Test("a key given as the host's JSON text is read at once when it is flat, as the usual read answers; any other text is left to it")
    func keyText() async throws {
        let store = try root.makeStore()
        try await store.createTable(TableSpec(table: "things", partitionKey: KeyAttribute("pk"), sortKey: KeyAttribute("n", .number)))
        try await store.putItem(PutItemRequest(table: "things", item: ["pk": .string("a"), "n": .number(try KVNumber("1.5")), "v": .bool(true)]))
        let expected = try await usual(store, "things", ["pk": .string("a"), "n": .number(try KVNumber("1.5"))])
        #expect(expected != nil)
        for text in [#"{"pk":"a","n":1.5}"#, #" { "n" : 15e-1 , "pk" : "a" } "#, #"{"pk":"a","n":1.50}"#] {
            let answer = try #require(store.getItemImmediately(table: "things", keyText: text), "\(text)")
            #expect(try answer.get() == expected, "\(text)")
        }
        #expect(try store.getItemImmediately(table: "things", keyText: #"{"pk":"b","n":1}"#)?.get() == .some(nil))
        for text in [
            #"{"pk":"a"}"#, #"{"pk":"a","n":1.5,"x":1}"#, #"{"pk":1,"n":1.5}"#, #"{"pk":"a","n":"1.5"}"#, #"{"pk":"","n":1}"#,
            #"{"pk":"a","pk":"a"}"#, #"{"pk":"\u0061","n":1.5}"#, #"{"pk":"a","n":1e999999}"#, "not json", #"{"pk":{"$b64":"AA=="},"n":1}"#,
        ] {
            #expect(store.getItemImmediately(table: "things", keyText: text) == nil, "\(text)")
        }
    }

    @Test("a flat key text encodes to the bytes its parsed item does, for every key type the text path takes")
    func keyTextEncoding() throws {
        let spec = TableSpec(table: "t", partitionKey: KeyAttribute("pk"), sortKey: KeyAttribute("n", .number))
        for text in [#"{"pk":"user#1","n":0}"#, #"{"n":-12.5e3,"pk":"x y"}"#, #"{"pk":"~","n":12345678901234567890123456789012345678}"#] {
            let direct = try #require(KeyEncoding.encode(keyText: text, of: spec), "\(text)")
            #expect(direct == (try KeyEncoding.encode(key: try KVJSON.item(text), of: spec)), "\(text)")
        }
        let single = TableSpec(table: "t", partitionKey: KeyAttribute("id", .number))
        #expect(KeyEncoding.encode(keyText: #"{"id":7}"#, of: single) == (try KeyEncoding.encode(key: ["id": .number(try KVNumber("7"))], of: single)))
        #expect(KeyEncoding.encode(keyText: #"{"id":"7"}"#, of: single) == nil)
    }
}
