@testable import AWSProvider
import AWSHTTP
import CloudKitModel
import Foundation
import Testing

/// The S3 request headers of object options and conditions, and the
/// properties read back from replies (no network).
@Suite("S3 object options")
struct S3ObjectOptionsTests {
    @Test("every stored option travels in its S3 header")
    func storedHeaders() throws {
        let options = [
            ObjectOptionKey.cacheControl: "max-age=60", ObjectOptionKey.contentEncoding: "br", ObjectOptionKey.contentDisposition: "inline",
            ObjectOptionKey.storageClass: "STANDARD_IA", ObjectOptionKey.serverSideEncryption: "aws:kms", ObjectOptionKey.sseKMSKeyID: "alias/k",
            ObjectOptionKey.tags: "a=1&b=two",
        ]
        let stored = try S3ObjectOptions.stored(options, allowed: ObjectOptionKey.put, operation: "a put")
        #expect(stored == options)
        let headers = S3ObjectOptions.headers(stored)
        #expect(headers.first(named: "Cache-Control") == "max-age=60")
        #expect(headers.first(named: "Content-Encoding") == "br")
        #expect(headers.first(named: "Content-Disposition") == "inline")
        #expect(headers.first(named: "x-amz-storage-class") == "STANDARD_IA")
        #expect(headers.first(named: "x-amz-server-side-encryption") == "aws:kms")
        #expect(headers.first(named: "x-amz-server-side-encryption-aws-kms-key-id") == "alias/k")
        #expect(headers.first(named: "x-amz-tagging") == "a=1&b=two")
        #expect(headers.count == 7)
    }

    @Test("bad keys and values are invalid argument naming the key", arguments: [
        ("colour", "red"), (ObjectOptionKey.storageClass, "COLD"), (ObjectOptionKey.serverSideEncryption, "rot13"),
        (ObjectOptionKey.sseKMSKeyID, "k"), (ObjectOptionKey.cacheControl, ""), (ObjectOptionKey.contentDisposition, "a\nb"),
        (ObjectOptionKey.tags, "a=1&a=2"), (ObjectOptionKey.ifModifiedSince, "1"),
    ])
    func invalid(key: String, value: String) {
        do {
            _ = try S3ObjectOptions.stored([key: value], allowed: ObjectOptionKey.put, operation: "a put")
            Issue.record("accepted \(key)=\(value)")
        } catch {
            #expect(error.kind == .invalidArgument)
            #expect(error.message.contains("'\(key)'"), "\(error)")
        }
    }

    @Test("write conditions: ifAbsent is If-None-Match: *, ifMatch is If-Match; options spell them too and must agree")
    func writeConditions() throws {
        #expect(S3Conditions.headers(.ifAbsent) == [HTTPHeader("If-None-Match", "*")])
        #expect(S3Conditions.headers(.ifMatch("\"e\"")) == [HTTPHeader("If-Match", "\"e\"")])
        #expect(S3Conditions.headers(nil).isEmpty)
        #expect(try ObjectOptionRules.writeCondition(nil, options: [ObjectOptionKey.ifNoneMatch: "*"]) == .ifAbsent)
        #expect(try ObjectOptionRules.writeCondition(nil, options: [ObjectOptionKey.ifMatch: "\"e\""]) == .ifMatch("\"e\""))
        #expect(try ObjectOptionRules.writeCondition(.ifAbsent, options: [ObjectOptionKey.ifNoneMatch: "*"]) == .ifAbsent)
        #expect(throws: CloudError.self) { try ObjectOptionRules.writeCondition(.ifAbsent, options: [ObjectOptionKey.ifMatch: "\"e\""]) }
        #expect(throws: CloudError.self) { try ObjectOptionRules.writeCondition(nil, options: [ObjectOptionKey.ifNoneMatch: "\"e\""]) }
        #expect(throws: CloudError.self) { try ObjectOptionRules.writeCondition(.ifMatch(""), options: [:]) }
        let missing = CloudError(.notFound, "no key", code: "NoSuchKey", httpStatus: 404)
        #expect(S3Conditions.mapped(missing, condition: .ifMatch("\"e\"")).kind == .preconditionFailed)
        #expect(S3Conditions.mapped(missing, condition: nil).kind == .notFound)
    }

    @Test("get conditions become If-Match, If-None-Match and an HTTP If-Modified-Since")
    func readConditions() throws {
        let headers = try S3Conditions.readHeaders([
            ObjectOptionKey.ifMatch: "\"a\"", ObjectOptionKey.ifNoneMatch: "\"b\"", ObjectOptionKey.ifModifiedSince: "1700000000999",
        ])
        #expect(headers.first(named: "If-Match") == "\"a\"")
        #expect(headers.first(named: "If-None-Match") == "\"b\"")
        #expect(headers.first(named: "If-Modified-Since") == "Tue, 14 Nov 2023 22:13:20 GMT")
        #expect(throws: CloudError.self) { try S3Conditions.readHeaders([ObjectOptionKey.ifModifiedSince: "soon"]) }
        #expect(throws: CloudError.self) { try S3Conditions.readHeaders([ObjectOptionKey.ifModifiedSince: "-1"]) }
    }

    @Test("replies fill the properties; 304, 412 and ConditionalRequestConflict are precondition failed")
    func repliesAndErrors() {
        let properties = S3ObjectProperties.from([
            HTTPHeader("cache-control", "no-cache"), HTTPHeader("Content-Encoding", "br"), HTTPHeader("Content-Disposition", "inline"),
            HTTPHeader("x-amz-storage-class", "GLACIER"), HTTPHeader("x-amz-server-side-encryption", "aws:kms"),
            HTTPHeader("x-amz-server-side-encryption-aws-kms-key-id", "arn:k"), HTTPHeader("x-amz-tagging-count", "2"), HTTPHeader("ETag", "\"e\""),
        ])
        #expect(properties == [
            "cache_control": "no-cache", "content_encoding": "br", "content_disposition": "inline", "storage_class": "GLACIER",
            "server_side_encryption": "aws:kms", "sse_kms_key_id": "arn:k", "tag_count": "2",
        ])
        let notModified = AWSErrorMapper.error(from: HTTPResponse(status: 304, headers: [], body: Data()))
        #expect(notModified.kind == .preconditionFailed)
        #expect(notModified.code == "NotModified")
        #expect(AWSErrorMapper.error(from: HTTPResponse(status: 412, headers: [], body: Data())).kind == .preconditionFailed)
        let conflict = Data("<Error><Code>ConditionalRequestConflict</Code><Message>m</Message></Error>".utf8)
        #expect(AWSErrorMapper.error(from: HTTPResponse(status: 409, headers: [], body: conflict)).kind == .preconditionFailed)
    }

    @Test("a copy with options replaces metadata and tags, resending the source's type and metadata, pinned to its ETag")
    func copyHeaders() {
        let source = ObjectInfo(bucket: "b", key: "k", size: 1, etag: "\"e\"", contentType: "text/plain", metadata: ["owner": "ann"],
                                properties: ["cache_control": "old"])
        let headers = S3ObjectOptions.replacingHeaders(source: source, stored: [ObjectOptionKey.tags: "a=1"])
        #expect(headers.first(named: "x-amz-metadata-directive") == "REPLACE")
        #expect(headers.first(named: "x-amz-tagging-directive") == "REPLACE")
        #expect(headers.first(named: "x-amz-copy-source-if-match") == "\"e\"")
        #expect(headers.first(named: "Content-Type") == "text/plain")
        #expect(headers.first(named: "x-amz-meta-owner") == "ann")
        #expect(headers.first(named: "x-amz-tagging") == "a=1")
        #expect(headers.first(named: "Cache-Control") == nil)
        #expect(S3ObjectOptions.carried(source: source, stored: [:]) == ["cache_control": "old"])
    }
}
