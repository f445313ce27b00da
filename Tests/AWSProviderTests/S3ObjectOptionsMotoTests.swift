@testable import AWSProvider
import CloudKitModel
import CloudKitTestSupport
import Foundation
import Testing

/// S3 object options and conditional requests against moto, read back with
/// HEAD (and boto3 for tags and unfinished uploads). Moto 5.2.1 honours every
/// stored option's header, `If-None-Match: *` and `If-Match` on PUT,
/// `If-None-Match: *` on `CompleteMultipartUpload`, and conditional GETs;
/// not `If-Match` on `CompleteMultipartUpload` (see `S3ConditionalFakeServerTests`).
@Suite("S3 object options and conditions on moto", .enabled(if: MotoFixture.available))
struct S3ObjectOptionsMotoTests {
    static let options = [
        ObjectOptionKey.cacheControl: "max-age=60, public", ObjectOptionKey.contentEncoding: "br",
        ObjectOptionKey.contentDisposition: "attachment; filename=\"report.txt\"", ObjectOptionKey.storageClass: "STANDARD_IA",
        ObjectOptionKey.serverSideEncryption: "aws:kms", ObjectOptionKey.sseKMSKeyID: "alias/cloudkit-test", ObjectOptionKey.tags: "team=blue&cost%20centre=42",
    ]
    static let expected = [
        "cache_control": "max-age=60, public", "content_encoding": "br", "content_disposition": "attachment; filename=\"report.txt\"",
        "storage_class": "STANDARD_IA", "server_side_encryption": "aws:kms", "sse_kms_key_id": "alias/cloudkit-test", "tag_count": "2",
    ]

    /// A client (multipart from 5 MiB) and a fresh bucket.
    func setUp() async throws -> (AWSClient, String) {
        let client = try MotoFixture.client(["multipart_threshold_mb": "5", "multipart_part_size_mb": "5"])
        let bucket = MotoFixture.name("ck-opt-")
        try await client.s3.createBucket(bucket)
        return (client, bucket)
    }

    func tags(_ bucket: String, _ key: String) async throws -> String {
        try await MotoFixture.boto3(
            "print('&'.join(sorted(t['Key'] + '=' + t['Value'] for t in s3.get_object_tagging(Bucket=sys.argv[1], Key=sys.argv[2])['TagSet'])))",
            bucket, key)
    }

    func unfinishedUploads(_ bucket: String) async throws -> String {
        try await MotoFixture.boto3("print(len(s3.list_multipart_uploads(Bucket=sys.argv[1]).get('Uploads', [])))", bucket)
    }

    @Test("every stored option is sent with a single PUT and read back by head and get")
    func singlePut() async throws {
        let (client, bucket) = try await setUp()
        defer { client.shutdown() }
        let put = try await client.s3.putObject(PutObjectRequest(bucket: bucket, key: "k", body: .bytes(Data("hello".utf8)), options: Self.options))
        #expect(put.properties[ObjectOptionKey.tags] == Self.options[ObjectOptionKey.tags])
        #expect(put.properties["tag_count"] == "2")
        #expect(put.properties["server_side_encryption"] == "aws:kms")
        let head = try await client.s3.headObject(bucket: bucket, key: "k")
        #expect(head.properties == Self.expected)
        let got = try await client.s3.getObject(GetObjectRequest(bucket: bucket, key: "k"))
        #expect(got.data == Data("hello".utf8))
        #expect(got.info.properties == Self.expected)
        #expect(try await tags(bucket, "k") == "cost centre=42&team=blue")
    }

    @Test("a multipart upload carries the stored options on CreateMultipartUpload")
    func multipartPut() async throws {
        let (client, bucket) = try await setUp()
        defer { client.shutdown() }
        let body = Data(repeating: 7, count: 6 << 20)
        _ = try await client.s3.putObject(PutObjectRequest(bucket: bucket, key: "big", body: .bytes(body), options: Self.options))
        let head = try await client.s3.headObject(bucket: bucket, key: "big")
        #expect(head.etag?.hasSuffix("-2\"") == true, "uploaded in two parts: \(head.etag ?? "")")
        #expect(head.properties == Self.expected)
        #expect(try await tags(bucket, "big") == "cost centre=42&team=blue")
    }

    @Test("ifAbsent and ifMatch on a single PUT: the write happens only when the condition holds")
    func conditionalPut() async throws {
        let (client, bucket) = try await setUp()
        defer { client.shutdown() }
        func put(_ text: String, _ condition: ObjectWriteCondition?) async throws(CloudError) -> ObjectInfo {
            try await client.s3.putObject(PutObjectRequest(bucket: bucket, key: "k", body: .bytes(Data(text.utf8)), condition: condition))
        }
        func current() async throws -> String? {
            try await client.s3.getObject(GetObjectRequest(bucket: bucket, key: "k")).data.map { String(decoding: $0, as: UTF8.self) }
        }
        #expect(await failure { try await put("zero", .ifMatch("\"0123\"")) }?.kind == .preconditionFailed)
        let first = try await put("one", .ifAbsent)
        let taken = await failure { try await put("two", .ifAbsent) }
        #expect(taken?.kind == .preconditionFailed)
        #expect(taken?.httpStatus == 412)
        #expect(try await current() == "one")
        #expect(await failure { try await put("three", .ifMatch("\"0123\"")) }?.kind == .preconditionFailed)
        #expect(try await current() == "one")
        _ = try await put("four", .ifMatch(try #require(first.etag)))
        #expect(try await current() == "four")
        let viaOption = await failure {
            try await client.s3.putObject(PutObjectRequest(bucket: bucket, key: "k", body: .bytes(Data()), options: [ObjectOptionKey.ifNoneMatch: "*"]))
        }
        #expect(viaOption?.kind == .preconditionFailed)
    }

    @Test("ifAbsent on a multipart upload is checked at completion; failing, the upload is aborted and the object untouched")
    func conditionalMultipart() async throws {
        let (client, bucket) = try await setUp()
        defer { client.shutdown() }
        let body = Data(repeating: 1, count: 6 << 20)
        let first = try await client.s3.putObject(PutObjectRequest(bucket: bucket, key: "big", body: .bytes(body), condition: .ifAbsent))
        let error = await failure {
            try await client.s3.putObject(PutObjectRequest(bucket: bucket, key: "big", body: .bytes(Data(repeating: 2, count: 6 << 20)), condition: .ifAbsent))
        }
        #expect(error?.kind == .preconditionFailed)
        #expect(try await client.s3.headObject(bucket: bucket, key: "big").etag == first.etag)
        #expect(try await unfinishedUploads(bucket) == "0")
    }

    @Test("get: if_match, if_none_match and if_modified_since, for whole, ranged and streamed reads")
    func conditionalGet() async throws {
        let (client, bucket) = try await setUp()
        defer { client.shutdown() }
        let put = try await client.s3.putObject(PutObjectRequest(bucket: bucket, key: "k", body: .bytes(Data("hello".utf8))))
        let etag = try #require(put.etag)
        let modified = try await client.s3.headObject(bucket: bucket, key: "k").lastModified ?? Date()
        let later = String(Int64((modified.timeIntervalSince1970 + 3600) * 1000))
        let earlier = String(Int64((modified.timeIntervalSince1970 - 3600) * 1000))
        for (range, sink) in [(nil, BodySink.memory), (ByteRange(start: 0, end: 1), .memory), (nil, .stream(BodyWriter { _ in }))] {
            func get(_ options: [String: String]) async throws(CloudError) -> GetObjectResult {
                try await client.s3.getObject(GetObjectRequest(bucket: bucket, key: "k", range: range, sink: sink, options: options))
            }
            #expect(try await get([ObjectOptionKey.ifMatch: etag]).info.etag == etag)
            let mismatch = await failure { try await get([ObjectOptionKey.ifMatch: "\"0123\""]) }
            #expect(mismatch?.kind == .preconditionFailed)
            #expect(mismatch?.code == "PreconditionFailed")
            let same = await failure { try await get([ObjectOptionKey.ifNoneMatch: etag]) }
            #expect(same?.kind == .preconditionFailed)
            #expect(same?.code == "NotModified")
            #expect(await failure { try await get([ObjectOptionKey.ifModifiedSince: later]) }?.code == "NotModified")
            #expect(try await get([ObjectOptionKey.ifModifiedSince: earlier]).info.size == 5)
        }
    }

    @Test("copy keeps the source's headers and tags; with options it gets those instead, keeping type and metadata")
    func copies() async throws {
        let (client, bucket) = try await setUp()
        defer { client.shutdown() }
        _ = try await client.s3.putObject(PutObjectRequest(
            bucket: bucket, key: "src", body: .bytes(Data("x".utf8)), contentType: "text/plain", metadata: ["owner": "ann"],
            options: [ObjectOptionKey.cacheControl: "no-cache", ObjectOptionKey.tags: "a=1"]))
        let kept = try await client.s3.copyObject(CopyObjectRequest(sourceBucket: bucket, sourceKey: "src", bucket: bucket, key: "kept"))
        #expect(kept.properties["cache_control"] == "no-cache")
        #expect(kept.properties["tag_count"] == "1")
        let replaced = try await client.s3.copyObject(CopyObjectRequest(
            sourceBucket: bucket, sourceKey: "src", bucket: bucket, key: "replaced",
            options: [ObjectOptionKey.contentDisposition: "inline", ObjectOptionKey.tags: "b=2&c=3"]))
        #expect(replaced.properties["cache_control"] == nil)
        #expect(replaced.properties["content_disposition"] == "inline")
        #expect(replaced.contentType == "text/plain")
        #expect(replaced.metadata == ["owner": "ann"])
        #expect(try await tags(bucket, "replaced") == "b=2&c=3")
        let storage = try await client.s3.copyObject(CopyObjectRequest(
            sourceBucket: bucket, sourceKey: "src", bucket: bucket, key: "cold", options: [ObjectOptionKey.storageClass: "STANDARD_IA"]))
        #expect(storage.properties["storage_class"] == "STANDARD_IA")
    }

    @Test("bad options are invalid argument naming the key, and nothing is stored")
    func badOptions() async throws {
        let (client, bucket) = try await setUp()
        defer { client.shutdown() }
        for (key, value) in [("colour", "red"), (ObjectOptionKey.storageClass, "COLD"), (ObjectOptionKey.tags, "a"), (ObjectOptionKey.cacheControl, "")] {
            let error = await failure {
                try await client.s3.putObject(PutObjectRequest(bucket: bucket, key: "k", body: .bytes(Data("x".utf8)), options: [key: value]))
            }
            #expect(error?.kind == .invalidArgument)
            #expect(error?.message.contains("'\(key)'") == true)
        }
        #expect(await failure { try await client.s3.headObject(bucket: bucket, key: "k") }?.kind == .notFound)
        let get = await failure {
            try await client.s3.getObject(GetObjectRequest(bucket: bucket, key: "k", options: [ObjectOptionKey.ifModifiedSince: "tomorrow"]))
        }
        #expect(get?.kind == .invalidArgument)
    }
}
