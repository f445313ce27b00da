import CloudKitModel
import Foundation
@testable import LocalProvider
import Testing

@Suite("LocalKeyValueStore's SQLite layer: locking, ordering and errors")
struct KeyValueSQLiteTests {
    let root = KeyValueTestRoot()

    @Test("a write waits for another connection's write lock instead of failing")
    func writeWaitsForLock() async throws {
        // Waits up to 600 s, not 10: the lock is held for 0.3 s and a read, which a loaded machine may stretch.
        let store = try LocalKeyValueStore(root: LocalRoot(path: root.path), logger: .silent, busyLimit: .seconds(600))
        try await store.createTable(TableSpec(table: "locked", partitionKey: KeyAttribute("pk")))
        let other = try SQLiteDatabase(path: LocalRoot(path: root.path).databasePath)
        try other.execute("BEGIN IMMEDIATE")
        let started = Date()
        let put = Task { try await store.putItem(PutItemRequest(table: "locked", item: ["pk": .string("p")])) }
        try await Task.sleep(for: .milliseconds(300))
        #expect(try await store.getItem(GetItemRequest(table: "locked", key: ["pk": .string("p")])) == nil, "readers are not blocked")
        try other.execute("COMMIT")
        try await put.value
        #expect(Date().timeIntervalSince(started) >= 0.25)
        #expect(try await store.getItem(GetItemRequest(table: "locked", key: ["pk": .string("p")])) != nil)
    }

    @Test("a stored item that is not a JSON object is never handed on: the get reports it as internal")
    func damagedItem() async throws {
        let store = try LocalKeyValueStore(root: LocalRoot(path: root.path), logger: .silent)
        try await store.createTable(TableSpec(table: "damaged", partitionKey: KeyAttribute("pk")))
        try await store.putItem(PutItemRequest(table: "damaged", item: ["pk": .string("p"), "n": .number(try KVNumber("1"))]))
        let request = GetItemRequest(table: "damaged", key: ["pk": .string("p")])
        guard case .success(let stored?)? = store.getItemImmediately(request) else {
            Issue.record("the immediate get answered nothing")
            return
        }
        #expect(try JSONValue.parse(stored) == .object(["pk": .string("p"), "n": .number("1")]))
        let other = try SQLiteDatabase(path: LocalRoot(path: root.path).databasePath)
        for damaged in [#"{"pk":"p","n":"#, "[1]", "not json"] {
            _ = try other.execute("UPDATE kv_items SET item = ? WHERE table_name = 'damaged'", [.text(damaged)])
            // The immediate get never hands the text on; it leaves a failure to the usual get, which reports it.
            if case .success(let text)? = store.getItemImmediately(request) { Issue.record("the immediate get handed on \(String(describing: text))") }
            do {
                _ = try await store.getItem(request)
                Issue.record("the get of \(damaged) succeeded")
            } catch {
                #expect(error.kind == .internal, "\(damaged)")
                #expect(error.message.contains("cannot be read"), "\(error.message)")
            }
        }
    }

    @Test("SQLITE_BUSY and its extended codes are throttled and retryable; other failures are internal")
    func errorMapping() {
        let busy = SQLiteDatabase.error(5, "database is locked")
        #expect(busy.kind == .throttled)
        #expect(busy.retryable)
        #expect(SQLiteDatabase.error(5 | (2 << 8), "busy snapshot").kind == .throttled)
        let corrupt = SQLiteDatabase.error(11, "database disk image is malformed")
        #expect(corrupt.kind == .internal)
        #expect(!corrupt.retryable)
        #expect(corrupt.message == "database disk image is malformed")
    }

    @Test("a file where the root folder should be is refused")
    func rootIsAFile() throws {
        let parent = root.path
        try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        let file = "\(parent)/plain-file"
        #expect(FileManager.default.createFile(atPath: file, contents: Data("x".utf8)))
        #expect(throws: CloudError.self) { try LocalKeyValueStore(root: LocalRoot(path: "\(file)/root"), logger: .silent) }
    }

    @Test("encoded keys sort as DynamoDB does: strings by UTF-8 bytes, numbers by value")
    func keyEncodingOrder() throws {
        let strings = ["", "A", "Z", "a", "ab", "b", "é", "中", "😀"]
        for (lower, higher) in zip(strings, strings.dropFirst()) {
            #expect(KeyEncoding.bytes(.string(lower)).lexicographicallyPrecedes(KeyEncoding.bytes(.string(higher))), "\(lower) < \(higher)")
        }
        let numbers = try ["-1e20", "-10", "-2.5", "-0.001", "0", "0.001", "3", "10", "1e20"].map { try KVNumber($0) }
        for (lower, higher) in zip(numbers, numbers.dropFirst()) {
            #expect(KeyEncoding.bytes(.number(lower)).lexicographicallyPrecedes(KeyEncoding.bytes(.number(higher))), "\(lower) < \(higher)")
        }
        #expect(SortKeyRange.successor(of: [0x61, 0xFF]) == [0x62])
        #expect(SortKeyRange.successor(of: [0xFF, 0xFF]) == nil)
    }
}
