import CloudKitModel
import CloudKitProviderSupport
import Foundation
@testable import LocalProvider
import Testing

/// Query and scan pages as the stored texts (`ItemTextPages`): the same
/// items and page tokens as the parsed pages; a
/// damaged stored item fails the page rather than being handed on.
@Suite("LocalKeyValueStore: pages as stored texts")
struct KeyValueTextPageTests {
    let root = KeyValueTestRoot()

    /// Whether `texts` holds `page`'s items (each text parsing to its item: a
    /// stored text keeps a set's members in the order they were put) and token.
    static func same(_ texts: ItemTextPage, _ page: ItemPage) throws -> Bool {
        try texts.texts.map { try KVJSON.item($0) } == page.items && texts.nextPageToken == page.nextPageToken
    }

    @Test("query and scan give the parsed pages' items and tokens, page after page, both directions")
    func samePages() async throws {
        let store = try root.makeStore()
        try await store.createTable(TableSpec(table: "pages", partitionKey: KeyAttribute("pk"), sortKey: KeyAttribute("n", .number)))
        for index in 0..<25 {
            try await store.putItem(PutItemRequest(table: "pages", item: [
                "pk": .string(index % 2 == 0 ? "even" : "odd"), "n": .number(try KVNumber("\(index)")),
                "body": .string("é \(index)"), "set": .strings(["b", "a"]), "bin": .binary(Data([UInt8(index), 0xFF])),
            ]))
        }
        for descending in [false, true] {
            var token: String?
            var pages = 0
            repeat {
                let request = QueryRequest(table: "pages", partition: .string("even"), limit: 4, descending: descending, pageToken: token)
                let parsed = try await store.query(request)
                let texts = try await store.queryTexts(request)
                #expect(try Self.same(texts, parsed))
                token = texts.nextPageToken
                pages += 1
            } while token != nil
            #expect(pages == 4, "13 items, 4 a page: the last page is short")
        }
        var token: String?
        var seen = 0
        repeat {
            let request = ScanRequest(table: "pages", limit: 7, pageToken: token)
            let parsed = try await store.scan(request)
            let texts = try await store.scanTexts(request)
            #expect(try Self.same(texts, parsed))
            seen += texts.texts.count
            token = texts.nextPageToken
        } while token != nil
        #expect(seen == 25)
    }

    @Test("a damaged stored item fails the page as internal, and a missing table is not found")
    func damagedAndMissing() async throws {
        let store = try root.makeStore()
        try await store.createTable(TableSpec(table: "damaged", partitionKey: KeyAttribute("pk")))
        try await store.putItem(PutItemRequest(table: "damaged", item: ["pk": .string("p")]))
        let other = try SQLiteDatabase(path: LocalRoot(path: root.path).databasePath)
        _ = try other.execute("UPDATE kv_items SET item = '{\"pk\":' WHERE table_name = 'damaged'")
        do {
            _ = try await store.scanTexts(ScanRequest(table: "damaged"))
            Issue.record("a damaged item was handed on")
        } catch {
            #expect(error.kind == .internal)
        }
        await #expect(throws: CloudError.self) { _ = try await store.queryTexts(QueryRequest(table: "absent", partition: .string("p"))) }
    }
}
