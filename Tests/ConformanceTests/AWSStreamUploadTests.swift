import CloudKit
import CloudKitConformance
import CloudKitTestSupport
import Foundation
import Testing

/// Bodies of unknown length on S3 (moto), read back with boto3: a body that
/// ends within the first part is one PUT; a longer one goes up in parts as
/// they fill; a failing or refused one leaves no unfinished upload.
@Suite("S3 uploads of unknown length against moto", .enabled(if: ProviderFixture.providers.contains("aws")))
struct AWSStreamUploadTests {
    static let mebibyte = AWSMultipartTests.mebibyte

    static func unfinishedUploads(_ bucket: String, endpoint: String) async throws -> String {
        let outcome = try await BotoRunner.python(
            "import boto3, sys\nprint(len(boto3.client('s3').list_multipart_uploads(Bucket=sys.argv[1]).get('Uploads', [])))", [bucket],
            endpoint: endpoint)
        return outcome.text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test("11 MiB of unknown length go up in parts of 5, 5 and 1 MiB that boto3 reads back whole, with type and metadata")
    func partsAsTheyFill() async throws {
        let endpoint = try #require(ProviderFixture.motoEndpoint)
        let cloud = try await AWSMultipartTests.open(endpoint)
        let bucket = ProviderFixture.uniqueBucket("ustream")
        try await cloud.storage.createBucket(bucket)
        let data = AWSMultipartTests.pattern(11 * Self.mebibyte + 3, seed: 9)
        let info = try await cloud.storage.putObject(PutObjectRequest(
            bucket: bucket, key: "piped", body: .stream(length: nil, reader: .over(data, chunk: 100_000)), contentType: "application/x-tar",
            metadata: ["origin": "pipe"]))
        #expect(info.size == Int64(data.count))
        #expect(info.etag?.hasSuffix("-3\"") == true, "\(String(describing: info.etag))")
        let boto = try await AWSMultipartTests.botoHead(bucket, "piped", endpoint: endpoint)
        #expect(boto["etag"] as? String == info.etag)
        #expect(boto["type"] as? String == "application/x-tar")
        #expect(boto["metadata"] as? [String: String] == ["origin": "pipe"])
        #expect(boto["sha256"] as? String == (try await AWSMultipartTests.sha256(data)))
        await cloud.close()
    }

    @Test("a body that ends before its first part is full is one PUT (a plain MD5 ETag); one exactly a part long is an upload of one part")
    func singlePut() async throws {
        let endpoint = try #require(ProviderFixture.motoEndpoint)
        let cloud = try await AWSMultipartTests.open(endpoint)
        let bucket = ProviderFixture.uniqueBucket("ustream")
        try await cloud.storage.createBucket(bucket)
        let small = AWSMultipartTests.pattern(3 * Self.mebibyte, seed: 3)
        let one = try await cloud.storage.putObject(PutObjectRequest(bucket: bucket, key: "small", body: .stream(length: nil, reader: .over(small))))
        #expect(one.etag?.contains("-") == false, "\(String(describing: one.etag))")
        #expect(try await cloud.storage.getObject(GetObjectRequest(bucket: bucket, key: "small")).data == small)
        let exact = AWSMultipartTests.pattern(5 * Self.mebibyte, seed: 5)
        let parted = try await cloud.storage.putObject(PutObjectRequest(bucket: bucket, key: "exact", body: .stream(length: nil, reader: .over(exact))))
        #expect(parted.etag?.hasSuffix("-1\"") == true, "\(String(describing: parted.etag))")
        #expect(try await cloud.storage.getObject(GetObjectRequest(bucket: bucket, key: "exact")).data == exact)
        #expect(try await Self.unfinishedUploads(bucket, endpoint: endpoint) == "0")
        await cloud.close()
    }

    @Test("a reader failing in the third part aborts the upload: no object, no unfinished upload")
    func failureAborts() async throws {
        let endpoint = try #require(ProviderFixture.motoEndpoint)
        let cloud = try await AWSMultipartTests.open(endpoint, concurrency: 2)
        let bucket = ProviderFixture.uniqueBucket("ustream")
        try await cloud.storage.createBucket(bucket)
        let reader = BodyReader.failing(after: 12 * Self.mebibyte)
        let error = await #expect(throws: CloudError.self) {
            _ = try await cloud.storage.putObject(PutObjectRequest(bucket: bucket, key: "never", body: .stream(length: nil, reader: reader)))
        }
        #expect(error?.kind == .cancelled)
        let missing = await #expect(throws: CloudError.self) { _ = try await cloud.storage.headObject(bucket: bucket, key: "never") }
        #expect(missing?.kind == .notFound)
        #expect(try await Self.unfinishedUploads(bucket, endpoint: endpoint) == "0")
        await cloud.close()
    }
}
