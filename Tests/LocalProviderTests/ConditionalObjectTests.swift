import CloudKitModel
import Foundation
@testable import LocalProvider
import Testing

/// Conditional puts (`ifAbsent`, `ifMatch`) and conditional gets (`if_match`,
/// `if_none_match`, `if_modified_since`), as S3 has them.
@Suite("Local conditional writes and reads")
struct ConditionalObjectTests {
    let root = KeyValueTestRoot()

    func store() async throws -> LocalObjectStore {
        let store = try LocalObjectStore(root: LocalRoot(path: root.path))
        try await store.createBucket("bkt")
        return store
    }

    func put(
        _ store: LocalObjectStore, _ text: String, condition: ObjectWriteCondition? = nil, options: [String: String] = [:]
    ) async throws(CloudError) -> ObjectInfo {
        try await store.putObject(PutObjectRequest(bucket: "bkt", key: "dir/k", body: .bytes(Data(text.utf8)), condition: condition, options: options))
    }

    func text(_ store: LocalObjectStore) async throws -> String? {
        try await store.getObject(GetObjectRequest(bucket: "bkt", key: "dir/k")).data.map { String(decoding: $0, as: UTF8.self) }
    }

    /// The files in the bucket's temporary folder (a failed put must leave none).
    func litter() -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: "\(root.path)/storage/bkt/tmp")) ?? []
    }

    @Test("ifAbsent stores a new key and fails on an existing one, changing nothing")
    func ifAbsent() async throws {
        let store = try await store()
        let first = try await put(store, "one", condition: .ifAbsent)
        let error = await kvFailure(.preconditionFailed) { try await put(store, "two", condition: .ifAbsent) }
        #expect(error?.code == "PreconditionFailed")
        #expect(try await text(store) == "one")
        #expect(try await store.headObject(bucket: "bkt", key: "dir/k") == first)
        #expect(litter().isEmpty)
        await kvFailure(.preconditionFailed) { try await put(store, "three", options: [ObjectOptionKey.ifNoneMatch: "*"]) }
        #expect(try await text(store) == "one")
    }

    @Test("ifMatch replaces only the version with that ETag, quoted or not, and fails on a missing key")
    func ifMatch() async throws {
        let store = try await store()
        await kvFailure(.preconditionFailed) { try await put(store, "zero", condition: .ifMatch("\"abc\"")) }
        await kvFailure(.notFound) { try await store.headObject(bucket: "bkt", key: "dir/k") }
        let first = try await put(store, "one")
        let etag = try #require(first.etag)
        await kvFailure(.preconditionFailed) { try await put(store, "bad", condition: .ifMatch("\"0000\"")) }
        #expect(try await text(store) == "one")
        let second = try await put(store, "two", condition: .ifMatch(etag))
        #expect(try await text(store) == "two")
        await kvFailure(.preconditionFailed) { try await put(store, "stale", condition: .ifMatch(etag)) }
        #expect(try await text(store) == "two")
        let unquoted = String(try #require(second.etag).dropFirst().dropLast())
        _ = try await put(store, "three", options: [ObjectOptionKey.ifMatch: unquoted])
        #expect(try await text(store) == "three")
        #expect(litter().isEmpty)
    }

    @Test("a condition and options that disagree, both if_match and if_none_match, or an empty ETag are invalid")
    func conflictingConditions() async throws {
        let store = try await store()
        await kvFailure(.invalidArgument) { try await put(store, "x", condition: .ifAbsent, options: [ObjectOptionKey.ifMatch: "\"a\""]) }
        await kvFailure(.invalidArgument) { try await put(store, "x", options: [ObjectOptionKey.ifMatch: "\"a\"", ObjectOptionKey.ifNoneMatch: "*"]) }
        await kvFailure(.invalidArgument) { try await put(store, "x", condition: .ifMatch("")) }
        _ = try await put(store, "agreeing", condition: .ifAbsent, options: [ObjectOptionKey.ifNoneMatch: "*"])
        #expect(try await text(store) == "agreeing")
    }

    @Test("of 16 concurrent ifAbsent puts on two stores of one root, exactly one wins and its bytes are stored")
    func concurrentIfAbsent() async throws {
        let first = try await store()
        let second = try LocalObjectStore(root: LocalRoot(path: root.path))
        let winners = LocalMessagingTests.Shared<[String]>([])
        let failures = LocalMessagingTests.Shared<[CloudErrorKind]>([])
        await withTaskGroup(of: Void.self) { group in
            for index in 0..<16 {
                let store = index.isMultiple(of: 2) ? first : second
                group.addTask {
                    do throws(CloudError) {
                        _ = try await store.putObject(PutObjectRequest(
                            bucket: "bkt", key: "dir/k", body: .bytes(Data("writer \(index)".utf8)), condition: .ifAbsent))
                        winners.value.withLock { $0.append("writer \(index)") }
                    } catch {
                        failures.value.withLock { $0.append(error.kind) }
                    }
                }
            }
        }
        let won = winners.value.withLock { $0 }
        #expect(won.count == 1)
        #expect(failures.value.withLock { $0 } == Array(repeating: .preconditionFailed, count: 15))
        #expect(try await text(first) == won.first)
        #expect(litter().isEmpty)
    }

    @Test("get honours if_match, if_none_match and if_modified_since as S3 does")
    func getConditions() async throws {
        let store = try await store()
        let info = try await put(store, "body")
        let etag = try #require(info.etag)
        let modified = Int64((try #require(info.lastModified).timeIntervalSince1970 * 1000).rounded())
        func get(_ options: [String: String]) async throws(CloudError) -> GetObjectResult {
            try await store.getObject(GetObjectRequest(bucket: "bkt", key: "dir/k", options: options))
        }
        #expect(try await get([ObjectOptionKey.ifMatch: etag]).data == Data("body".utf8))
        #expect(try await get([ObjectOptionKey.ifMatch: "*"]).info == info)
        let mismatch = await kvFailure(.preconditionFailed) { try await get([ObjectOptionKey.ifMatch: "\"other\""]) }
        #expect(mismatch?.code == "PreconditionFailed")
        let notModified = await kvFailure(.preconditionFailed) { try await get([ObjectOptionKey.ifNoneMatch: etag]) }
        #expect(notModified?.code == "NotModified")
        #expect(try await get([ObjectOptionKey.ifNoneMatch: "\"other\""]).data == Data("body".utf8))
        let since = await kvFailure(.preconditionFailed) { try await get([ObjectOptionKey.ifModifiedSince: String(modified + 1000)]) }
        #expect(since?.code == "NotModified")
        #expect(try await get([ObjectOptionKey.ifModifiedSince: String(modified - 2000)]).data == Data("body".utf8))
        // With if_none_match, if_modified_since is ignored (RFC 9110, S3).
        #expect(try await get([ObjectOptionKey.ifNoneMatch: "\"other\"", ObjectOptionKey.ifModifiedSince: String(modified + 1000)]).data != nil)
        // Conditions are checked before a range is read.
        let ranged = GetObjectRequest(bucket: "bkt", key: "dir/k", range: ByteRange(start: 1, end: 2), options: [ObjectOptionKey.ifMatch: etag])
        #expect(try await store.getObject(ranged).data == Data("od".utf8))
    }

    @Test("bad get options are invalid naming the key; stored keys are not get options", arguments: [
        (ObjectOptionKey.ifModifiedSince, "yesterday"), (ObjectOptionKey.ifModifiedSince, "-5"), (ObjectOptionKey.ifMatch, ""),
        (ObjectOptionKey.cacheControl, "no-cache"), (ObjectOptionKey.storageClass, "STANDARD"), ("range", "0-1"),
    ])
    func badGetOptions(key: String, value: String) async throws {
        let store = try await store()
        _ = try await put(store, "body")
        let error = await kvFailure(.invalidArgument) {
            try await store.getObject(GetObjectRequest(bucket: "bkt", key: "dir/k", options: [key: value]))
        }
        #expect(error?.message.contains("'\(key)'") == true)
    }
}
