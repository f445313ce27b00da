import CloudKitModel
import Foundation
@testable import LocalProvider
import XCTest

/// Listing: S3's order, prefixes, delimiters and paging.
final class ListingTests: LocalStoreTestCase {
    func utf8Sorted(_ keys: [String]) -> [String] {
        keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
    }

    /// Puts every key (eight at a time), each with its key as body.
    func putAll(_ store: LocalObjectStore, _ bucket: String, _ keys: [String]) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (index, key) in keys.enumerated() {
                if index >= 8 { try await group.next() }
                group.addTask { _ = try await store.putObject(PutObjectRequest(bucket: bucket, key: key, body: .bytes(Data(key.utf8)))) }
            }
            try await group.waitForAll()
        }
    }

    /// Pages through a listing, returning every object key and common prefix in order.
    func listAll(_ store: LocalObjectStore, _ request: ListObjectsRequest) async throws -> (keys: [String], prefixes: [String], pages: Int) {
        var request = request
        var keys: [String] = []
        var prefixes: [String] = []
        var pages = 0
        repeat {
            let page = try await store.listObjects(request)
            XCTAssertLessThanOrEqual(page.objects.count + page.commonPrefixes.count, request.maxKeys == 0 ? 1000 : request.maxKeys)
            keys += page.objects.map(\.key)
            prefixes += page.commonPrefixes
            request.pageToken = page.nextPageToken
            pages += 1
        } while request.pageToken != nil && pages < 10_000
        return (keys, prefixes, pages)
    }

    func testKeysListInUTF8ByteOrderAcrossFolders() async throws {
        let store = try await makeStore(bucket: "order")
        let keys = [
            "a", "a!", "a/", "a/b", "a//b", "a0", "a b", "B", "b", "ü", "z/日本語", "z/a b", "%", ".dot", "a/b/c", "a/b!", "a/b/",
            "emoji🚀", "é", "e\u{301}", String(repeating: "h", count: 400), "h/" + String(repeating: "i", count: 300) + "/j",
        ]
        try await putAll(store, "order", keys)
        let listing = try await store.listObjects(ListObjectsRequest(bucket: "order"))
        XCTAssertEqual(listing.objects.map(\.key), utf8Sorted(keys))
        XCTAssertNil(listing.nextPageToken)
        XCTAssertTrue(listing.objects.allSatisfy { $0.size == Int64($0.key.utf8.count) && $0.etag != nil && $0.lastModified != nil })
    }

    func testPrefixSelectsKeysStartingWithIt() async throws {
        let store = try await makeStore(bucket: "prefix")
        try await putAll(store, "prefix", ["photos/2024/a.jpg", "photos/2024/b.jpg", "photos/2025/c.jpg", "photos/top.jpg", "photosynthesis", "readme"])
        let listing = try await store.listObjects(ListObjectsRequest(bucket: "prefix", prefix: "photos/2024/"))
        XCTAssertEqual(listing.objects.map(\.key), ["photos/2024/a.jpg", "photos/2024/b.jpg"])
        let partial = try await store.listObjects(ListObjectsRequest(bucket: "prefix", prefix: "photos"))
        XCTAssertEqual(partial.objects.count, 5)
        let within = try await store.listObjects(ListObjectsRequest(bucket: "prefix", prefix: "photos/202"))
        XCTAssertEqual(within.objects.map(\.key), ["photos/2024/a.jpg", "photos/2024/b.jpg", "photos/2025/c.jpg"])
        let none = try await store.listObjects(ListObjectsRequest(bucket: "prefix", prefix: "zzz"))
        XCTAssertEqual(none.objects, [])
    }

    func testPrefixesReachIntoLongAndDeepKeys() async throws {
        let store = try await makeStore(bucket: "longkeys")
        let long = String(repeating: "i", count: 300)
        let deep = String(repeating: "d/", count: 400)
        let keys = ["h/\(long)/j", "h/\(long)/k", "h/\(long)x", "h/short", "\(deep)leaf", "\(deep)leaf2"]
        try await putAll(store, "longkeys", keys)
        let inLong = try await store.listObjects(ListObjectsRequest(bucket: "longkeys", prefix: "h/\(long)/"))
        XCTAssertEqual(inLong.objects.map(\.key), ["h/\(long)/j", "h/\(long)/k"])
        let rolled = try await store.listObjects(ListObjectsRequest(bucket: "longkeys", prefix: "h/", delimiter: "/"))
        XCTAssertEqual(rolled.objects.map(\.key), ["h/\(long)x", "h/short"])
        XCTAssertEqual(rolled.commonPrefixes, ["h/\(long)/"])
        let inDeep = try await listAll(store, ListObjectsRequest(bucket: "longkeys", prefix: String(deep.prefix(500)), maxKeys: 1))
        XCTAssertEqual(inDeep.keys, ["\(deep)leaf", "\(deep)leaf2"])
        for key in keys { try await store.deleteObject(bucket: "longkeys", key: key) }
        XCTAssertEqual(folders(under: "\(rootPath)/storage/longkeys/objects"), [])
    }

    func testDelimiterRollsKeysUpIntoCommonPrefixes() async throws {
        let store = try await makeStore(bucket: "delim")
        try await putAll(store, "delim", ["photos/2024/a.jpg", "photos/2024/b.jpg", "photos/2025/c.jpg", "photos/top.jpg", "readme.txt", "zeta/z", "dir/"])
        let root = try await store.listObjects(ListObjectsRequest(bucket: "delim", delimiter: "/"))
        XCTAssertEqual(root.objects.map(\.key), ["readme.txt"])
        XCTAssertEqual(root.commonPrefixes, ["dir/", "photos/", "zeta/"])
        let photos = try await store.listObjects(ListObjectsRequest(bucket: "delim", prefix: "photos/", delimiter: "/"))
        XCTAssertEqual(photos.objects.map(\.key), ["photos/top.jpg"])
        XCTAssertEqual(photos.commonPrefixes, ["photos/2024/", "photos/2025/"])
        let marker = try await store.listObjects(ListObjectsRequest(bucket: "delim", prefix: "dir/", delimiter: "/"))
        XCTAssertEqual(marker.objects.map(\.key), ["dir/"])
        XCTAssertEqual(marker.commonPrefixes, [])
    }

    func testDelimitersOtherThanSlashWork() async throws {
        let store = try await makeStore(bucket: "otherdelim")
        try await putAll(store, "otherdelim", ["a-1", "a-2", "b-1", "c", "d/e-f"])
        let listing = try await store.listObjects(ListObjectsRequest(bucket: "otherdelim", delimiter: "-"))
        XCTAssertEqual(listing.objects.map(\.key), ["c"])
        XCTAssertEqual(listing.commonPrefixes, ["a-", "b-", "d/e-"])
        let multi = try await store.listObjects(ListObjectsRequest(bucket: "otherdelim", delimiter: "/e-"))
        XCTAssertEqual(multi.commonPrefixes, ["d/e-"])
    }

    func testPagingThrough2500KeysYieldsEachOnceInOrder() async throws {
        let store = try await makeStore(bucket: "paging")
        let keys = (0..<2500).map { String(format: "k/%02d/%05d", $0 % 7, $0) }
        try await putAll(store, "paging", keys)
        let all = try await listAll(store, ListObjectsRequest(bucket: "paging", maxKeys: 1000))
        XCTAssertEqual(all.keys, utf8Sorted(keys))
        XCTAssertEqual(all.pages, 3)
        let small = try await listAll(store, ListObjectsRequest(bucket: "paging", prefix: "k/03/", maxKeys: 7))
        XCTAssertEqual(small.keys, utf8Sorted(keys.filter { $0.hasPrefix("k/03/") }))
        let firstPage = try await store.listObjects(ListObjectsRequest(bucket: "paging"))
        XCTAssertEqual(firstPage.objects.count, 1000, "the default page is 1000 keys")
        XCTAssertNotNil(firstPage.nextPageToken)
    }

    func testCommonPrefixesCountTowardMaxKeysAndPageOnce() async throws {
        let store = try await makeStore(bucket: "cpages")
        var keys: [String] = []
        for folder in 0..<5 {
            for item in 0..<3 { keys.append("f\(folder)/item\(item)") }
            keys.append("f\(folder)-file")
        }
        try await putAll(store, "cpages", keys)
        let page = try await store.listObjects(ListObjectsRequest(bucket: "cpages", delimiter: "/", maxKeys: 3))
        // "-" sorts before "/": f0-file, f0/, f1-file, f1/, …
        XCTAssertEqual(page.objects.map(\.key), ["f0-file", "f1-file"])
        XCTAssertEqual(page.commonPrefixes, ["f0/"])
        let all = try await listAll(store, ListObjectsRequest(bucket: "cpages", delimiter: "/", maxKeys: 2))
        XCTAssertEqual(all.keys, (0..<5).map { "f\($0)-file" })
        XCTAssertEqual(all.prefixes, (0..<5).map { "f\($0)/" })
        XCTAssertEqual(all.pages, 5)
    }

    func testAPageEndingOnTheLastEntryHasNoToken() async throws {
        let store = try await makeStore(bucket: "exact")
        try await putAll(store, "exact", ["a", "b", "c", "d"])
        let page = try await store.listObjects(ListObjectsRequest(bucket: "exact", maxKeys: 4))
        XCTAssertEqual(page.objects.count, 4)
        XCTAssertNil(page.nextPageToken)
        let first = try await store.listObjects(ListObjectsRequest(bucket: "exact", maxKeys: 3))
        XCTAssertNotNil(first.nextPageToken)
        let second = try await store.listObjects(ListObjectsRequest(bucket: "exact", pageToken: first.nextPageToken, maxKeys: 3))
        XCTAssertEqual(second.objects.map(\.key), ["d"])
        XCTAssertNil(second.nextPageToken)
    }

    func testBadMaxKeysAndTokensAreInvalidArgument() async throws {
        let store = try await makeStore(bucket: "badlist")
        await assertFails(.invalidArgument) { () async throws(CloudError) in try await store.listObjects(ListObjectsRequest(bucket: "badlist", maxKeys: -1)) }
        await assertFails(.invalidArgument) { () async throws(CloudError) in try await store.listObjects(ListObjectsRequest(bucket: "badlist", maxKeys: 1001)) }
        for token in ["not base64!", "", Data("Xabc".utf8).base64EncodedString()] {
            await assertFails(.invalidArgument, token) { () async throws(CloudError) in
                try await store.listObjects(ListObjectsRequest(bucket: "badlist", pageToken: token))
            }
        }
    }

    func testForeignFilesInTheTreeAreIgnored() async throws {
        let store = try await makeStore(bucket: "foreign")
        try await put(store, "foreign", "dir/real")
        let objects = "\(rootPath)/storage/foreign/objects"
        for name in ["%41.meta", "stray.txt", "dir.d/%2e%2e.meta", "x%2Fy.d", ".hidden.meta"] {
            XCTAssertTrue(FileManager.default.createFile(atPath: "\(objects)/\(name)", contents: Data("{}".utf8)), name)
        }
        let listing = try await store.listObjects(ListObjectsRequest(bucket: "foreign"))
        XCTAssertEqual(listing.objects.map(\.key), ["dir/real"])
    }
}
