import CloudKit
import Foundation
import CloudKitTestSupport
import Testing

/// Behaviour every provider's object storage must share, run against each
/// provider in `ProviderFixture.storageProviders` through the C ABI.
@Suite("Storage conformance")
struct StorageConformanceTests {
    func withBucket(_ provider: String, _ label: String, _ body: (Cloud, String) async throws -> Void) async throws {
        let cloud = try await ProviderFixture.open(provider)
        let bucket = ProviderFixture.uniqueBucket(label)
        try await cloud.storage.createBucket(bucket)
        try await body(cloud, bucket)
    }

    func kind(of operation: () async throws -> Void) async -> CloudErrorKind? {
        do {
            try await operation()
            return nil
        } catch let error as CloudError {
            return error.kind
        } catch {
            return .internal
        }
    }

    /// True when `cloud`'s capabilities list `presign`; otherwise checks that
    /// presign is `unsupported`, as the header says a missing entry is, so a
    /// presign test can stop there.
    func offersPresign(_ cloud: Cloud, bucket: String) async throws -> Bool {
        let capabilities = try await cloud.capabilities()
        if capabilities.options(service: "storage", operation: "presign") != nil { return true }
        #expect(await kind { _ = try await cloud.storage.presign(PresignRequest(bucket: bucket, key: "k", expiresSeconds: 60)) } == .unsupported)
        #expect(capabilities.services["storage"]?.limits["presign_methods"] == nil)
        return false
    }

    @Test("put then get returns the same bytes, content type and metadata", arguments: ProviderFixture.storageProviders)
    func putGetRoundTrip(provider: String) async throws {
        try await withBucket(provider, "roundtrip") { cloud, bucket in
            let body = Data((0..<5000).map { UInt8($0 % 251) })
            let put = try await cloud.storage.putObject(PutObjectRequest(
                bucket: bucket, key: "data/blob.bin", body: .bytes(body), contentType: "application/x-test",
                metadata: ["Owner": "alice", "purpose": "conformance"]))
            #expect(put.etag?.isEmpty == false)
            let got = try await cloud.storage.getObject(GetObjectRequest(bucket: bucket, key: "data/blob.bin"))
            #expect(got.data == body)
            #expect(got.info.contentType == "application/x-test")
            #expect(got.info.metadata == ["owner": "alice", "purpose": "conformance"])
            #expect(got.info.size == 5000)
            let head = try await cloud.storage.headObject(bucket: bucket, key: "data/blob.bin")
            #expect(head.size == 5000)
            #expect(head.etag == put.etag)
            #expect(head.contentType == "application/x-test")
            #expect(head.metadata["owner"] == "alice")
            let modified = try #require(head.lastModified)
            #expect(abs(modified.timeIntervalSinceNow) < 300)
        }
    }

    @Test("an empty object round-trips", arguments: ProviderFixture.storageProviders)
    func emptyObject(provider: String) async throws {
        try await withBucket(provider, "empty") { cloud, bucket in
            _ = try await cloud.storage.putObject(PutObjectRequest(bucket: bucket, key: "empty", body: .bytes(Data())))
            let got = try await cloud.storage.getObject(GetObjectRequest(bucket: bucket, key: "empty"))
            #expect(got.data == Data())
            #expect(got.info.size == 0)
        }
    }

    @Test("a second put replaces the object whole", arguments: ProviderFixture.storageProviders)
    func overwrite(provider: String) async throws {
        try await withBucket(provider, "overwrite") { cloud, bucket in
            _ = try await cloud.storage.putObject(PutObjectRequest(bucket: bucket, key: "k", body: .bytes(Data("first version".utf8)), metadata: ["v": "1"]))
            _ = try await cloud.storage.putObject(PutObjectRequest(bucket: bucket, key: "k", body: .bytes(Data("2".utf8))))
            let got = try await cloud.storage.getObject(GetObjectRequest(bucket: bucket, key: "k"))
            #expect(got.data == Data("2".utf8))
            #expect(got.info.metadata.isEmpty)
        }
    }

    @Test("byte ranges read inclusive slices and open ends", arguments: ProviderFixture.storageProviders)
    func ranges(provider: String) async throws {
        try await withBucket(provider, "range") { cloud, bucket in
            _ = try await cloud.storage.putObject(PutObjectRequest(bucket: bucket, key: "abc", body: .bytes(Data("abcdefghij".utf8))))
            let middle = try await cloud.storage.getObject(GetObjectRequest(bucket: bucket, key: "abc", range: ByteRange(start: 2, end: 5)))
            #expect(middle.data == Data("cdef".utf8))
            #expect(middle.info.size == 10)
            let tail = try await cloud.storage.getObject(GetObjectRequest(bucket: bucket, key: "abc", range: ByteRange(start: 7)))
            #expect(tail.data == Data("hij".utf8))
        }
    }

    @Test("missing keys and buckets are the not-found kind", arguments: ProviderFixture.storageProviders)
    func notFound(provider: String) async throws {
        try await withBucket(provider, "missing") { cloud, bucket in
            #expect(await kind { _ = try await cloud.storage.getObject(GetObjectRequest(bucket: bucket, key: "nope")) } == .notFound)
            #expect(await kind { _ = try await cloud.storage.headObject(bucket: bucket, key: "nope") } == .notFound)
            let other = ProviderFixture.uniqueBucket("absent")
            #expect(await kind { _ = try await cloud.storage.getObject(GetObjectRequest(bucket: other, key: "k")) } == .notFound)
            #expect(await kind { _ = try await cloud.storage.listObjects(ListObjectsRequest(bucket: other)) } == .notFound)
            #expect(await kind { try await cloud.storage.deleteBucket(other) } == .notFound)
            do {
                _ = try await cloud.storage.getObject(GetObjectRequest(bucket: bucket, key: "nope"))
                Issue.record("get of a missing key succeeded")
            } catch let error as CloudError {
                #expect(error.code == "NoSuchKey")
            }
        }
    }

    @Test("bucket lifecycle: exists twice is already-exists, non-empty delete fails, empty delete works", arguments: ProviderFixture.storageProviders)
    func bucketLifecycle(provider: String) async throws {
        let cloud = try await ProviderFixture.open(provider)
        let bucket = ProviderFixture.uniqueBucket("life")
        try await cloud.storage.createBucket(bucket)
        #expect(await kind { try await cloud.storage.createBucket(bucket) } == .alreadyExists)
        _ = try await cloud.storage.putObject(PutObjectRequest(bucket: bucket, key: "k", body: .bytes(Data("x".utf8))))
        #expect(await kind { try await cloud.storage.deleteBucket(bucket) } == .preconditionFailed)
        try await cloud.storage.deleteObject(bucket: bucket, key: "k")
        try await cloud.storage.deleteBucket(bucket)
        #expect(await kind { _ = try await cloud.storage.listObjects(ListObjectsRequest(bucket: bucket)) } == .notFound)
    }

    @Test("delete removes the object; deleting a missing key succeeds as on S3", arguments: ProviderFixture.storageProviders)
    func delete(provider: String) async throws {
        try await withBucket(provider, "delete") { cloud, bucket in
            _ = try await cloud.storage.putObject(PutObjectRequest(bucket: bucket, key: "gone", body: .bytes(Data("x".utf8))))
            try await cloud.storage.deleteObject(bucket: bucket, key: "gone")
            #expect(await kind { _ = try await cloud.storage.headObject(bucket: bucket, key: "gone") } == .notFound)
            try await cloud.storage.deleteObject(bucket: bucket, key: "never-existed")
        }
    }

    @Test("keys with slashes, spaces and unicode work and list back exactly", arguments: ProviderFixture.storageProviders)
    func unusualKeys(provider: String) async throws {
        try await withBucket(provider, "keys") { cloud, bucket in
            let keys = ["a b/c d.txt", "ünïcödé/日本語.txt", "plus+and&amp=?.txt", "a", "a/b", "dir/", "percent%20literal"]
            for key in keys {
                _ = try await cloud.storage.putObject(PutObjectRequest(bucket: bucket, key: key, body: .bytes(Data(key.utf8))))
            }
            for key in keys {
                let got = try await cloud.storage.getObject(GetObjectRequest(bucket: bucket, key: key))
                #expect(got.data == Data(key.utf8), "key \(key)")
            }
            let listed = try await cloud.storage.listObjects(ListObjectsRequest(bucket: bucket)).objects.map(\.key)
            #expect(listed == keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) })
        }
    }

    @Test("list honours prefix and delimiter with common prefixes", arguments: ProviderFixture.storageProviders)
    func listDelimiter(provider: String) async throws {
        try await withBucket(provider, "delim") { cloud, bucket in
            for key in ["photos/2024/a.jpg", "photos/2024/b.jpg", "photos/2025/c.jpg", "photos/top.jpg", "readme.txt", "zeta/z"] {
                _ = try await cloud.storage.putObject(PutObjectRequest(bucket: bucket, key: key, body: .bytes(Data("x".utf8))))
            }
            let root = try await cloud.storage.listObjects(ListObjectsRequest(bucket: bucket, delimiter: "/"))
            #expect(root.objects.map(\.key) == ["readme.txt"])
            #expect(root.commonPrefixes == ["photos/", "zeta/"])
            let photos = try await cloud.storage.listObjects(ListObjectsRequest(bucket: bucket, prefix: "photos/", delimiter: "/"))
            #expect(photos.objects.map(\.key) == ["photos/top.jpg"])
            #expect(photos.commonPrefixes == ["photos/2024/", "photos/2025/"])
            let prefixed = try await cloud.storage.listObjects(ListObjectsRequest(bucket: bucket, prefix: "photos/2024/"))
            #expect(prefixed.objects.map(\.key) == ["photos/2024/a.jpg", "photos/2024/b.jpg"])
            #expect(prefixed.objects.allSatisfy { $0.size == 1 })
        }
    }

    @Test("pagination with max keys yields every key once, in order", arguments: ProviderFixture.storageProviders)
    func pagination(provider: String) async throws {
        try await withBucket(provider, "pages") { cloud, bucket in
            let keys = (0..<23).map { String(format: "item-%03d", $0) }
            for key in keys {
                _ = try await cloud.storage.putObject(PutObjectRequest(bucket: bucket, key: key, body: .bytes(Data())))
            }
            var seen: [String] = []
            var token: String?
            var pages = 0
            repeat {
                let page = try await cloud.storage.listObjects(ListObjectsRequest(bucket: bucket, pageToken: token, maxKeys: 10))
                #expect(page.objects.count <= 10)
                seen += page.objects.map(\.key)
                token = page.nextPageToken
                pages += 1
            } while token != nil && pages < 10
            #expect(seen == keys)
            #expect(pages == 3)
        }
    }

    @Test("copy carries bytes, content type and metadata", arguments: ProviderFixture.storageProviders)
    func copy(provider: String) async throws {
        try await withBucket(provider, "copy") { cloud, bucket in
            let target = ProviderFixture.uniqueBucket("copy-dst")
            try await cloud.storage.createBucket(target)
            _ = try await cloud.storage.putObject(PutObjectRequest(
                bucket: bucket, key: "src key", body: .bytes(Data("copied bytes".utf8)), contentType: "text/plain", metadata: ["m": "1"]))
            let copied = try await cloud.storage.copyObject(CopyObjectRequest(sourceBucket: bucket, sourceKey: "src key", bucket: target, key: "dst/ключ"))
            #expect(copied.etag?.isEmpty == false)
            let got = try await cloud.storage.getObject(GetObjectRequest(bucket: target, key: "dst/ключ"))
            #expect(got.data == Data("copied bytes".utf8))
            #expect(got.info.contentType == "text/plain")
            #expect(got.info.metadata == ["m": "1"])
            #expect(await kind { _ = try await cloud.storage.copyObject(CopyObjectRequest(sourceBucket: bucket, sourceKey: "absent", bucket: target, key: "x")) } == .notFound)
        }
    }

    @Test("file bodies stream in and file sinks are written whole", arguments: ProviderFixture.storageProviders)
    func files(provider: String) async throws {
        try await withBucket(provider, "files") { cloud, bucket in
            let folder = try ProviderFixture.temporaryDirectory("files")
            let source = "\(folder)/in.bin"
            let bytes = Data((0..<(3 * 1024 * 1024 + 17)).map { UInt8(truncatingIfNeeded: $0 &* 31) })
            try bytes.write(to: URL(fileURLWithPath: source))
            let put = try await cloud.storage.putObject(PutObjectRequest(bucket: bucket, key: "big", body: .file(path: source)))
            #expect(put.size == Int64(bytes.count))
            let target = "\(folder)/out.bin"
            let got = try await cloud.storage.getObject(GetObjectRequest(bucket: bucket, key: "big", sink: .file(path: target)))
            #expect(got.data == nil)
            #expect(try Data(contentsOf: URL(fileURLWithPath: target)) == bytes)
            let missingTarget = "\(folder)/missing.bin"
            #expect(await kind { _ = try await cloud.storage.getObject(GetObjectRequest(bucket: bucket, key: "absent", sink: .file(path: missingTarget))) } == .notFound)
            #expect(!FileManager.default.fileExists(atPath: missingTarget))
        }
    }

    @Test("stream bodies and stream sinks move bytes through callbacks", arguments: ProviderFixture.storageProviders)
    func streams(provider: String) async throws {
        try await withBucket(provider, "streams") { cloud, bucket in
            let bytes = Data((0..<(1024 * 1024 + 5)).map { UInt8(truncatingIfNeeded: $0 &* 7) })
            let reader = BodyReader.over(bytes)
            _ = try await cloud.storage.putObject(PutObjectRequest(bucket: bucket, key: "streamed", body: .stream(length: Int64(bytes.count), reader: reader)))
            let collected = LockedData()
            _ = try await cloud.storage.getObject(GetObjectRequest(bucket: bucket, key: "streamed", sink: .stream(BodyWriter { collected.append($0) })))
            #expect(collected.value == bytes)
        }
    }

    @Test("a presigned GET URL returns the object's bytes", arguments: ProviderFixture.storageProviders)
    func presignedGet(provider: String) async throws {
        try await withBucket(provider, "presign") { cloud, bucket in
            guard try await offersPresign(cloud, bucket: bucket) else { return }
            _ = try await cloud.storage.putObject(PutObjectRequest(bucket: bucket, key: "shared file.txt", body: .bytes(Data("presigned".utf8))))
            let url = try await cloud.storage.presign(PresignRequest(bucket: bucket, key: "shared file.txt", method: .get, expiresSeconds: 600))
            let parsed = try #require(URL(string: url))
            let fetched: Data
            if parsed.isFileURL {
                fetched = try Data(contentsOf: parsed)
            } else {
                fetched = try await HTTPFetch.get(url)
            }
            #expect(fetched == Data("presigned".utf8))
            #expect(await kind { _ = try await cloud.storage.presign(PresignRequest(bucket: bucket, key: "k", expiresSeconds: 0)) } == .invalidArgument)
        }
    }

    @Test("a presigned PUT URL lets its holder upload the object", arguments: ProviderFixture.storageProviders)
    func presignedPut(provider: String) async throws {
        try await withBucket(provider, "presignput") { cloud, bucket in
            guard try await offersPresign(cloud, bucket: bucket) else { return }
            let url = try await cloud.storage.presign(PresignRequest(bucket: bucket, key: "uploaded/by url.bin", method: .put, expiresSeconds: 600))
            let parsed = try #require(URL(string: url))
            let bytes = Data("uploaded through a presigned URL".utf8)
            if parsed.isFileURL {
                try bytes.write(to: parsed)
                // The local provider commits an upload once its file has settled.
                try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(-5)], ofItemAtPath: parsed.path)
            } else {
                try await HTTPFetch.put(url, bytes)
            }
            let got = try await cloud.storage.getObject(GetObjectRequest(bucket: bucket, key: "uploaded/by url.bin"))
            #expect(got.data == bytes)
        }
    }

    @Test("invalid input is the invalid-argument kind and changes nothing", arguments: ProviderFixture.storageProviders)
    func invalidInput(provider: String) async throws {
        try await withBucket(provider, "invalid") { cloud, bucket in
            #expect(await kind { _ = try await cloud.storage.putObject(PutObjectRequest(bucket: bucket, key: "", body: .bytes(Data("x".utf8)))) } == .invalidArgument)
            #expect(await kind { _ = try await cloud.storage.putObject(PutObjectRequest(bucket: bucket, key: String(repeating: "k", count: 1025), body: .bytes(Data()))) } == .invalidArgument)
            #expect(await kind { try await cloud.storage.createBucket("Not_A_Valid_Bucket!") } == .invalidArgument)
            let listed = try await cloud.storage.listObjects(ListObjectsRequest(bucket: bucket))
            #expect(listed.objects.isEmpty)
        }
    }
}
