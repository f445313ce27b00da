@testable import AWSProvider
import AWSHTTP
import CloudKitModel
import CloudKitTestSupport
import Foundation
import Testing

/// The pure parts of S3 multipart upload: sizing, the XML, reading parts.
@Suite("S3 multipart upload")
struct S3MultipartTests {
    let mebibyte: Int64 = 1 << 20

    @Test("options set the threshold, part size and concurrency; the defaults are 8 MiB, 8 MiB and 4")
    func options() throws {
        let defaults = try AWSConfiguration(options: [:], environment: ["HOME": "/nonexistent"]).multipart
        #expect(defaults == S3MultipartSettings(threshold: 8 * mebibyte, partSize: 8 * mebibyte, concurrency: 4))
        let given = try AWSConfiguration(
            options: ["multipart_threshold_mb": "64", "multipart_part_size_mb": "16", "multipart_concurrency": "2"],
            environment: ["HOME": "/nonexistent"]
        ).multipart
        #expect(given == S3MultipartSettings(threshold: 64 * mebibyte, partSize: 16 * mebibyte, concurrency: 2))
        #expect(!given.usesParts(forSize: 64 * mebibyte - 1))
        #expect(given.usesParts(forSize: 64 * mebibyte))
    }

    @Test("the part size grows in whole MiB so that 10,000 parts hold the body, and no further")
    func partSizes() throws {
        let settings = S3MultipartSettings(partSize: 8 * mebibyte)
        #expect(try settings.partSize(forSize: 100 * mebibyte) == 8 * mebibyte)
        #expect(try settings.partSize(forSize: 10_000 * 8 * mebibyte) == 8 * mebibyte)
        #expect(try settings.partSize(forSize: 10_000 * 8 * mebibyte + 1) == 9 * mebibyte)
        let huge: Int64 = 100 << 30
        let grown = try settings.partSize(forSize: huge)
        #expect(grown % mebibyte == 0)
        #expect((huge + grown - 1) / grown <= 10_000)
        #expect(try settings.partSize(forSize: 10_000 * S3MultipartSettings.maximumPartSize) == S3MultipartSettings.maximumPartSize)
        #expect(throws: CloudError.self) { try settings.partSize(forSize: 10_000 * S3MultipartSettings.maximumPartSize + 1) }
        #expect(S3MultipartSettings(partSize: 1).partSize == S3MultipartSettings.minimumPartSize)
    }

    @Test("the CompleteMultipartUpload body lists parts in order with escaped ETags")
    func completeBody() {
        let xml = String(decoding: S3CompleteUpload.body([2: "\"b\"", 1: "\"a&<\"", 10: "\"j\""]), as: UTF8.self)
        #expect(xml.hasPrefix(#"<?xml version="1.0" encoding="UTF-8"?><CompleteMultipartUpload xmlns="http://s3.amazonaws.com/doc/2006-03-01/">"#))
        #expect(xml.hasSuffix(
            "<Part><PartNumber>1</PartNumber><ETag>\"a&amp;&lt;\"</ETag></Part><Part><PartNumber>2</PartNumber><ETag>\"b\"</ETag></Part>"
                + "<Part><PartNumber>10</PartNumber><ETag>\"j\"</ETag></Part></CompleteMultipartUpload>"))
    }

    @Test("a CompleteMultipartUpload reply gives the ETag; an Error inside a 200 reply is an error")
    func completeReply() throws {
        let ok = Data("<CompleteMultipartUploadResult><Bucket>b</Bucket><Key>k</Key><ETag>\"abc-3\"</ETag></CompleteMultipartUploadResult>".utf8)
        #expect(try S3CompleteUpload.etag(from: HTTPResponse(status: 200, headers: [], body: ok)) == "\"abc-3\"")
        let failed = Data("<Error><Code>InternalError</Code><Message>We encountered an internal error.</Message><RequestId>R1</RequestId></Error>".utf8)
        do {
            _ = try S3CompleteUpload.etag(from: HTTPResponse(status: 200, headers: [], body: failed))
            Issue.record("an Error body was taken for success")
        } catch {
            #expect(error.code == "InternalError")
            #expect(error.retryable)
            #expect(error.requestID == "R1")
        }
    }

    @Test("parts come from bytes, a file or a stream in order; a body that ends early or runs long is refused")
    func partReader() throws {
        let bytes = Data((0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 13) })
        let path = TestFolders.path("ck-parts")
        try bytes.write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        for body in [BodySource.bytes(bytes), .file(path: path), .stream(length: 1000, reader: BodyReader.over(bytes, chunk: 64))] {
            let reader = try S3PartReader(body, length: 1000)
            var joined = Data()
            for size in [400, 400, 200] { joined += try reader.next(size) }
            try reader.finish()
            #expect(joined == bytes)
        }
        let short = try S3PartReader(.stream(length: 2000, reader: BodyReader.over(bytes, chunk: 64)), length: 2000)
        _ = try short.next(999)
        #expect(throws: CloudError.self) { try short.next(1000) }
        let long = try S3PartReader(.stream(length: 500, reader: BodyReader.over(bytes, chunk: 64)), length: 500)
        _ = try long.next(500)
        #expect(throws: CloudError.self) { try long.finish() }
        #expect(throws: CloudError.self) { try S3PartReader(.file(path: path + "-missing"), length: 1) }
    }
}
