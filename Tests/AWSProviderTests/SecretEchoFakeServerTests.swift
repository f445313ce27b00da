@testable import AWSProvider
import AWSAuth
import AWSHTTP
import CloudKitModel
import CloudKitProviderSupport
import CloudKitTestSupport
import Foundation
import Testing

/// A server (or proxy) that echoes every request header — `Authorization`
/// with its signature, `X-Amz-Security-Token` — and the secret key into
/// error bodies, request-id headers and batch failures, for S3, the JSON
/// protocol (SQS, DynamoDB) and the query protocol (SNS, and STS's unsigned
/// `AssumeRoleWithWebIdentity`): no error field and no log line may show a
/// secret, a token (session or web identity) or a signature.
@Suite("Secrets echoed by a server never reach errors or logs")
struct SecretEchoFakeServerTests {
    static let accessKey = "ASIAEXAMPLEKEY123456"
    static let secret = "SeCrEt/Key+0123456789abcdefghijABCDEFGHIJ"
    static let token = "ToKeN/0123456789+SESSIONtokenVALUE=="
    /// A web identity token (a JWT), sent unsigned to STS.
    static let webToken = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ3ZWItdXNlciJ9.c2lnbmF0dXJlLW9mLXRoZS13ZWItdG9rZW4"

    /// Every request header, the signature alone (`sig:`), and the token and
    /// secret raw, percent-encoded and base64-encoded, in one line.
    static let handler = """
        import base64, urllib.parse
        from xml.sax.saxutils import escape
        SECRET = "\(secret)"
        class Handler(BaseHandler):
            def echo(self):
                token = self.headers.get("X-Amz-Security-Token", "")
                parts = ["%s: %s" % (k, v) for k, v in self.headers.items()]
                parts.append("sig:" + self.headers.get("Authorization", "").rpartition("Signature=")[2])
                for value in (token, SECRET):
                    parts += [value, urllib.parse.quote(value, safe=""), base64.b64encode(value.encode()).decode()]
                return " | ".join(parts)
            def handle_any(self):
                length = int(self.headers.get("Content-Length") or 0)
                payload = self.rfile.read(length) if length else b""
                echo = self.echo()
                token = self.headers.get("X-Amz-Security-Token", "")
                ids = {"x-amz-request-id": echo, "x-amzn-RequestId": echo}
                target = self.headers.get("X-Amz-Target")
                if target:
                    op = target.split(".")[1]
                    body = json.loads(payload)
                    if op == "DescribeTable":
                        return self.reply(200, {"Table": {"TableName": body["TableName"], "TableStatus": "ACTIVE",
                            "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
                            "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}]}})
                    if op == "TransactWriteItems":
                        return self.reply(400, {"__type": "com.amazonaws.dynamodb.v20120810#TransactionCanceledException",
                            "message": echo, "CancellationReasons": [{"Code": "None"}, {"Code": token, "Message": echo}]}, ids)
                    if op == "SendMessageBatch":
                        return self.reply(200, {"Successful": [], "Failed": [{"Id": e["Id"], "Code": "InvalidParameterValue",
                            "Message": echo, "SenderFault": True} for e in body["Entries"]]}, ids)
                    if op == "ReceiveMessage":
                        return self.reply(400, {"__type": "com.amazonaws.sqs#" + token, "message": echo}, ids)
                    return self.reply(403, {"__type": "com.amazon.coral.service#AccessDeniedException", "message": echo}, ids)
                if self.headers.get("Content-Type", "").startswith("application/x-www-form-urlencoded"):
                    form = urllib.parse.parse_qs(payload.decode())
                    if form["Action"][0] == "PublishBatch":
                        members = "".join("<member><Id>%s</Id><Code>InvalidParameter</Code><Message>%s</Message><SenderFault>true</SenderFault></member>"
                            % (escape(form[k][0]), escape(echo)) for k in sorted(form) if k.endswith(".Id"))
                        return self.reply(200, "<PublishBatchResponse><PublishBatchResult><Successful/><Failed>%s</Failed></PublishBatchResult></PublishBatchResponse>" % members, ids)
                    if form["Action"][0] == "AssumeRoleWithWebIdentity":
                        web = form["WebIdentityToken"][0]
                        echoed = " | ".join([payload.decode(), web, urllib.parse.quote(web, safe=""), base64.b64encode(web.encode()).decode()])
                        return self.reply(400, "<ErrorResponse><Error><Type>Sender</Type><Code>InvalidIdentityToken</Code><Message>%s</Message></Error><RequestId>%s</RequestId></ErrorResponse>"
                            % (escape(echoed), escape(echoed)), {"x-amzn-RequestId": echoed})
                    return self.reply(403, "<ErrorResponse><Error><Type>Sender</Type><Code>AuthorizationError</Code><Message>%s</Message></Error><RequestId>%s</RequestId></ErrorResponse>"
                        % (escape(echo), escape(echo)), ids)
                if self.command == "HEAD" and self.path.endswith("/source"):
                    return self.reply(200, "", {"ETag": '"e1"', "Content-Type": "text/plain"})
                if self.command == "PUT" and self.headers.get("x-amz-copy-source"):
                    return self.reply(200, "<Error><Code>InternalError</Code><Message>%s</Message><RequestId>%s</RequestId></Error>"
                        % (escape(echo), escape(self.headers.get("Authorization", ""))), ids)
                self.reply(403, "<Error><Code>AccessDenied</Code><Message>%s</Message></Error>" % escape(echo), ids)
            do_GET = do_PUT = do_POST = do_HEAD = do_DELETE = handle_any
        """

    static let port = Task { await LoopbackScriptServer.startHTTP(handler) }

    /// Log lines sent to a `ProviderLogger`, as a host's `ck_log_fn` would get them.
    final class LogCapture: @unchecked Sendable {
        private let lock = NSLock()
        private var collected: [String] = []

        var lines: [String] {
            lock.lock()
            defer { lock.unlock() }
            return collected
        }

        /// A logger at trace level whose lines land here (the capture must outlive it).
        var logger: ProviderLogger {
            ProviderLogger(
                sink: { userData, _, message in
                    guard let userData, let message else { return }
                    let capture = Unmanaged<LogCapture>.fromOpaque(userData).takeUnretainedValue()
                    capture.lock.lock()
                    capture.collected.append(String(cString: message))
                    capture.lock.unlock()
                }, userData: Unmanaged.passUnretained(self).toOpaque(), minimumLevel: .trace)
        }
    }

    /// What must never show: the secret and the token in every form the
    /// server echoes, the middle of the access key, and any signature.
    static func leaks(_ text: String) -> [String] {
        let forms = [secret, token, webToken].flatMap { [$0, URIEncoding.encode($0, encodeSlash: true), Data($0.utf8).base64EncodedString()] }
        var found = (forms + ["EXAMPLEKEY12"]).filter { text.contains($0) }
        for marker in ["Signature=", "sig:"] {
            var rest = Substring(text)
            while let range = rest.range(of: marker) {
                rest = rest[range.upperBound...]
                if rest.prefix(while: \.isHexDigit).count >= 16 { found.append("a signature after \(marker)") }
            }
        }
        return found
    }

    /// Checks every text field of `error` (which must exist, be of `kind`
    /// when given, and show the echo, redacted).
    static func check(
        _ error: CloudError?, _ what: String, kind: CloudErrorKind? = nil, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        guard let error else {
            Issue.record("\(what) did not fail", sourceLocation: sourceLocation)
            return
        }
        if let kind { #expect(error.kind == kind, "\(what)", sourceLocation: sourceLocation) }
        let fields = [error.message, error.code, error.requestID, error.detailsJSON].compactMap { $0 }
        for field in fields {
            #expect(leaks(field).isEmpty, "\(what) leaks \(leaks(field)) in: \(field)", sourceLocation: sourceLocation)
        }
        #expect(fields.contains { $0.contains(Redactor.mark) }, "\(what) shows no redacted echo: \(error)", sourceLocation: sourceLocation)
    }

    /// Runs `calls` on a client whose log lines are captured, then checks
    /// that at least `loggedReplies` reply lines show the echoed request id
    /// redacted, and that no line leaks.
    func run(loggedReplies: Int, _ calls: (AWSClient) async throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let logs = LogCapture()
        let port = try #require(await Self.port.value, "the echoing server did not start")
        let configuration = try AWSConfiguration(options: [
            "endpoint_url": "http://127.0.0.1:\(port)", "region": "us-east-1", "access_key_id": Self.accessKey,
            "secret_access_key": Self.secret, "session_token": Self.token, "max_attempts": "1",
        ], environment: ["HOME": "/nonexistent"])
        let client = try AWSClient(configuration: configuration, logger: logs.logger)
        defer { client.shutdown() }
        try await calls(client)
        let lines = logs.lines
        #expect(lines.filter { $0.contains("request id") && $0.contains(Redactor.mark) }.count >= loggedReplies, "\(lines)", sourceLocation: sourceLocation)
        for line in lines { #expect(Self.leaks(line).isEmpty, "a log line leaks \(Self.leaks(line)): \(line)", sourceLocation: sourceLocation) }
    }

    /// Checks each entry of a two-entry batch that failed with the echo.
    static func check(_ batch: [BatchEntryResult], _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(batch.count == 2, sourceLocation: sourceLocation)
        for result in batch { check(result.error, "\(what) entry \(result.index)", sourceLocation: sourceLocation) }
    }

    @Test("S3: an error reply, a HEAD's request-id header and an error inside a 200")
    func s3() async throws {
        try await run(loggedReplies: 3) { client in
            Self.check(await failure { try await client.s3.getObject(GetObjectRequest(bucket: "bucket", key: "k")) }, "GetObject")
            Self.check(await failure { try await client.s3.headObject(bucket: "bucket", key: "k") }, "HeadObject", kind: .permissionDenied)
            let copy = await failure {
                try await client.s3.copyObject(CopyObjectRequest(sourceBucket: "bucket", sourceKey: "source", bucket: "bucket", key: "copy"))
            }
            Self.check(copy, "CopyObject", kind: .internal)
            #expect(copy?.code == "InternalError")
        }
    }

    @Test("JSON protocol: SQS errors (one naming the token as its code), SQS batch failures, a DynamoDB cancellation's details")
    func json() async throws {
        let queue = "http://127.0.0.1:\(try #require(await Self.port.value))/123456789012/q"
        try await run(loggedReplies: 4) { client in
            Self.check(await failure { try await client.sqs.send(SendMessageRequest(queue: queue, body: "hi")) }, "SendMessage", kind: .permissionDenied)
            let receive = await failure { try await client.sqs.receive(ReceiveRequest(queue: queue)) }
            Self.check(receive, "ReceiveMessage")
            #expect(receive?.code == Redactor.mark)
            Self.check(try await client.sqs.sendBatch([SendMessageRequest(queue: queue, body: "a"), SendMessageRequest(queue: queue, body: "b")]), "SendMessageBatch")
            let transaction = await failure {
                try await client.dynamoDB.transact([
                    .put(table: "tbl", item: ["pk": .string("a")], condition: nil), .put(table: "tbl", item: ["pk": .string("b")], condition: nil),
                ])
            }
            Self.check(transaction, "TransactWriteItems")
            #expect(transaction?.detailsJSON == #"{"index":1,"reason":"[redacted]"}"#)
        }
    }

    @Test("query protocol: an SNS error and SNS batch failures")
    func query() async throws {
        let topic = "arn:aws:sns:us-east-1:123456789012:t"
        try await run(loggedReplies: 2) { client in
            Self.check(await failure { try await client.sns.publish(PublishRequest(topic: topic, message: "hi")) }, "Publish", kind: .permissionDenied)
            Self.check(try await client.sns.publishBatch([PublishRequest(topic: topic, message: "a"), PublishRequest(topic: topic, message: "b")]), "PublishBatch")
        }
    }

    @Test("STS: an unsigned AssumeRoleWithWebIdentity whose error reply and request id echo the web identity token")
    func webIdentity() async throws {
        try await run(loggedReplies: 1) { client in
            let error = await failure {
                try await client.sts.assumeRoleWithWebIdentity(
                    "arn:aws:iam::123456789012:role/web", sessionName: "s", token: Self.webToken, source: "web identity")
            }
            Self.check(error, "AssumeRoleWithWebIdentity")
            #expect(error?.code == "InvalidIdentityToken")
        }
    }
}
