import CloudKit
import Foundation

/// Listing objects and buckets: order, prefixes and delimiters, pages.
enum StorageListingCases {
    static let all = [listOrder, listDelimiter, listPaging, listBuckets]

    static let listOrder = ConformanceCase(
        .storage, "list-order", "keys with slashes, spaces and unicode work and list back exactly, in UTF-8 byte order",
        needs: .on(.storage, "create_bucket", "put_object", "get_object", "list_objects")
    ) { context in
        let storage = context.cloud.storage
        let bucket = try await context.bucket("keys")
        let keys = ["a b/c d.txt", "ünïcödé/日本語.txt", "plus+and&amp=?.txt", "a", "a/b", "dir/", "percent%20literal"]
        for key in keys {
            _ = try await storage.putObject(PutObjectRequest(bucket: bucket, key: key, body: .bytes(Data(key.utf8))))
        }
        for key in keys {
            let got = try await storage.getObject(GetObjectRequest(bucket: bucket, key: key))
            try expect(got.data == Data(key.utf8), "key \(key) returned another object's bytes")
        }
        let listed = try await storage.listObjects(ListObjectsRequest(bucket: bucket)).objects.map(\.key)
        try expectEqual(listed, keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }, "listed keys")
    }

    static let listDelimiter = ConformanceCase(
        .storage, "list-delimiter", "list honours prefix and delimiter, rolling keys up into common prefixes",
        needs: .on(.storage, "create_bucket", "put_object", "list_objects")
    ) { context in
        let storage = context.cloud.storage
        let bucket = try await context.bucket("delim")
        for key in ["photos/2024/a.jpg", "photos/2024/b.jpg", "photos/2025/c.jpg", "photos/top.jpg", "readme.txt", "zeta/z"] {
            _ = try await storage.putObject(PutObjectRequest(bucket: bucket, key: key, body: .bytes(Data("x".utf8))))
        }
        let root = try await storage.listObjects(ListObjectsRequest(bucket: bucket, delimiter: "/"))
        try expectEqual(root.objects.map(\.key), ["readme.txt"], "keys at the root")
        try expectEqual(root.commonPrefixes, ["photos/", "zeta/"], "common prefixes at the root")
        let photos = try await storage.listObjects(ListObjectsRequest(bucket: bucket, prefix: "photos/", delimiter: "/"))
        try expectEqual(photos.objects.map(\.key), ["photos/top.jpg"], "keys under photos/")
        try expectEqual(photos.commonPrefixes, ["photos/2024/", "photos/2025/"], "common prefixes under photos/")
        let prefixed = try await storage.listObjects(ListObjectsRequest(bucket: bucket, prefix: "photos/2024/"))
        try expectEqual(prefixed.objects.map(\.key), ["photos/2024/a.jpg", "photos/2024/b.jpg"], "keys under photos/2024/")
        try expect(prefixed.objects.allSatisfy { $0.size == 1 }, "listed sizes are not 1: \(prefixed.objects.map(\.size))")
    }

    static let listPaging = ConformanceCase(
        .storage, "list-paging", "pages of at most max keys yield every key once, in order, in the expected number of pages",
        needs: .on(.storage, "create_bucket", "put_object", "list_objects")
    ) { context in
        let storage = context.cloud.storage
        let bucket = try await context.bucket("pages")
        let keys = (0..<23).map { String(format: "item-%03d", $0) }
        for key in keys {
            _ = try await storage.putObject(PutObjectRequest(bucket: bucket, key: key, body: .bytes(Data())))
        }
        var seen: [String] = []
        var token: String?
        var pages = 0
        repeat {
            let page = try await storage.listObjects(ListObjectsRequest(bucket: bucket, pageToken: token, maxKeys: 10))
            try expect(page.objects.count <= 10, "a page of max 10 keys held \(page.objects.count)")
            seen += page.objects.map(\.key)
            token = page.nextPageToken
            pages += 1
        } while token != nil && pages < 10
        try expectEqual(seen, keys, "keys over every page")
        try expectEqual(pages, 3, "pages of 10 for 23 keys")
    }

    static let listBuckets = ConformanceCase(
        .storage, "list-buckets", "buckets list by prefix, in pages of 2, in ascending order; a forged page token is invalid argument",
        needs: .on(.storage, "create_bucket", "delete_bucket", "list_buckets")
    ) { context in
        let storage = context.cloud.storage
        let names = [context.name("b"), context.name("a"), context.name("c")]
        for name in names {
            try await storage.createBucket(name)
            context.onCleanup { try await storage.deleteBucket(name) }
        }
        let listed = try await storage.allBuckets(prefix: context.prefix, pageSize: 2).collect()
        try expectEqual(listed.map(\.name), names.sorted(), "buckets under the prefix")
        let first = try await storage.listBuckets(ListResourcesRequest(prefix: context.prefix, maxItems: 2))
        try expect(first.items.count <= 2, "a page of 2 held \(first.items.count)")
        try expect(first.nextPageToken != nil, "a first page of 2 out of 3 has no next page token")
        for name in names { try await storage.deleteBucket(name) }
        try expectEqual(try await storage.allBuckets(prefix: context.prefix).collect().map(\.name), [], "buckets after deleting them")
        try await expectError(.invalidArgument, "list with a page token the provider never made") {
            try await storage.listBuckets(ListResourcesRequest(pageToken: "not-a-token"))
        }
    }
}
