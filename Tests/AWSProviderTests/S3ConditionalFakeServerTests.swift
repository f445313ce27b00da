@testable import AWSProvider
import AWSAuth
import AWSHTTP
import CloudKitModel
import CloudKitTestSupport
import Foundation
import Testing

/// Conditional writes where moto does not show S3's behaviour: `If-Match`
/// on `CompleteMultipartUpload` (moto ignores it) and S3's 409
/// `ConditionalRequestConflict`, against a small fake S3 written for these
/// tests that records the headers it was sent.
@Suite("S3 conditional writes against a fake server")
struct S3ConditionalFakeServerTests {
    /// Completing an upload succeeds only with `If-Match: "current"`; a PUT of
    /// key `conflict` answers 409; `/state/<key>` reports what was seen.
    static let serverScript = """
        state = {}
        lock = threading.Lock()
        class Handler(BaseHandler):
            def reply(self, status, body="", headers={}):
                data = body.encode()
                self.send_response(status)
                for name, value in headers.items(): self.send_header(name, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            def parts(self):
                url = urllib.parse.urlsplit(self.path)
                key = url.path.split("/", 2)[2]
                return key, urllib.parse.parse_qs(url.query, keep_blank_values=True)
            def note(self, key, name, value):
                with lock: state.setdefault(key, {})[name] = value
            def do_GET(self):
                with lock: self.reply(200, json.dumps(state.get(self.path[len("/state/"):], {})))
            def do_POST(self):
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                key, query = self.parts()
                if "uploads" in query:
                    self.note(key, "create", {k.lower(): v for k, v in self.headers.items()})
                    return self.reply(200, "<InitiateMultipartUploadResult><UploadId>u1</UploadId></InitiateMultipartUploadResult>")
                self.note(key, "complete", {k.lower(): v for k, v in self.headers.items()})
                if self.headers.get("If-Match") != '"current"':
                    return self.reply(412, "<Error><Code>PreconditionFailed</Code><Message>At least one of the pre-conditions you specified did not hold</Message></Error>")
                self.reply(200, '<CompleteMultipartUploadResult><ETag>"done-2"</ETag></CompleteMultipartUploadResult>')
            def do_PUT(self):
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                key, query = self.parts()
                if "partNumber" in query:
                    return self.reply(200, "", {"ETag": '"part%s"' % query["partNumber"][0]})
                self.note(key, "put", {k.lower(): v for k, v in self.headers.items()})
                if key == "conflict":
                    return self.reply(409, "<Error><Code>ConditionalRequestConflict</Code><Message>A conflicting operation is in progress</Message></Error>")
                self.reply(200, "", {"ETag": '"single"'})
            def do_DELETE(self):
                key, query = self.parts()
                self.note(key, "aborted", query.get("uploadId", [""])[0])
                self.reply(204)
        """

    static let port = Task { await LoopbackScriptServer.startHTTP(serverScript) }

    func client() async throws -> (S3Client, CurlTransport, Int) {
        let port = try #require(await Self.port.value, "the fake S3 did not start")
        let configuration = try AWSConfiguration(options: [
            "endpoint_url": "http://127.0.0.1:\(port)", "region": "us-east-1", "access_key_id": "AKIDEXAMPLE", "secret_access_key": "secret",
            "multipart_threshold_mb": "5", "multipart_part_size_mb": "5", "max_attempts": "1",
        ], environment: ["HOME": "/nonexistent"])
        let transport = try CurlTransport()
        let client = try S3Client(
            configuration: configuration, transport: transport,
            credentials: StaticCredentialProvider(AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "secret", source: "test")), logger: .silent)
        return (client, transport, port)
    }

    func state(_ transport: CurlTransport, _ port: Int, _ key: String) async throws -> [String: Any] {
        let response = try await transport.send(HTTPRequest(method: "GET", url: "http://127.0.0.1:\(port)/state/\(key)"))
        return try #require(try JSONSerialization.jsonObject(with: response.body) as? [String: Any])
    }

    @Test("ifMatch on a multipart upload goes on CompleteMultipartUpload; failing, it aborts the upload")
    func multipartIfMatch() async throws {
        let (client, transport, port) = try await client()
        defer { transport.shutdown() }
        let key = "mp-\(UUID().uuidString.prefix(8))"
        let request = PutObjectRequest(
            bucket: "bucket", key: key, body: .bytes(Data(repeating: 3, count: 6 << 20)), condition: .ifMatch("\"stale\""),
            options: [ObjectOptionKey.storageClass: "GLACIER_IR", ObjectOptionKey.tags: "a=1", ObjectOptionKey.cacheControl: "no-store"])
        let error = await failure { try await client.putObject(request) }
        #expect(error?.kind == .preconditionFailed)
        let seen = try await state(transport, port, key)
        let create = try #require(seen["create"] as? [String: String])
        #expect(create["x-amz-storage-class"] == "GLACIER_IR")
        #expect(create["x-amz-tagging"] == "a=1")
        #expect(create["cache-control"] == "no-store")
        #expect(create["if-match"] == nil, "the condition is checked at completion, not creation")
        #expect((seen["complete"] as? [String: String])?["if-match"] == "\"stale\"")
        #expect(seen["aborted"] as? String == "u1")

        let current = "mp-\(UUID().uuidString.prefix(8))"
        var matching = request
        matching.key = current
        matching.condition = .ifMatch("\"current\"")
        let info = try await client.putObject(matching)
        #expect(info.etag == "\"done-2\"")
        #expect(info.properties["storage_class"] == "GLACIER_IR")
        #expect(try await state(transport, port, current)["aborted"] == nil)
    }

    @Test("S3's 409 ConditionalRequestConflict on a conditional PUT is precondition failed; the headers were sent")
    func conflict() async throws {
        let (client, transport, port) = try await client()
        defer { transport.shutdown() }
        let error = await failure {
            try await client.putObject(PutObjectRequest(bucket: "bucket", key: "conflict", body: .bytes(Data("x".utf8)), condition: .ifAbsent))
        }
        #expect(error?.kind == .preconditionFailed)
        #expect(error?.code == "ConditionalRequestConflict")
        #expect((try await state(transport, port, "conflict")["put"] as? [String: String])?["if-none-match"] == "*")
        let key = "single-\(UUID().uuidString.prefix(8))"
        _ = try await client.putObject(PutObjectRequest(
            bucket: "bucket", key: key, body: .bytes(Data("x".utf8)), condition: .ifMatch("\"e1\""),
            options: [ObjectOptionKey.serverSideEncryption: "AES256", ObjectOptionKey.contentEncoding: "gzip"]))
        let put = try #require(try await state(transport, port, key)["put"] as? [String: String])
        #expect(put["if-match"] == "\"e1\"")
        #expect(put["x-amz-server-side-encryption"] == "AES256")
        #expect(put["content-encoding"] == "gzip")
    }
}
