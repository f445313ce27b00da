@testable import AWSProvider
import CloudKitModel
import CloudKitTestSupport
import Foundation
import Testing

/// Services that hand back a page token they gave before must not make a
/// listing loop forever: against a small fake S3/DynamoDB/SQS/SNS written
/// for these tests, every listing loop stops with `RepeatedPageToken`, and
/// an S3 page that says it is truncated without a token is refused.
@Suite("Listing loops against a server that repeats its page token")
struct PagingFakeServerTests {
    /// Every listing answers with no resources and a token: always `same`, or
    /// for ListTopics, `a` on the first call (with one topic) then `b` and `a` in turn.
    /// ListObjectsV2 of bucket `truncated` says it is truncated but gives no
    /// token; of bucket `repeat`, one key and always the token `same`.
    static let serverScript = """
        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            def log_message(self, *args): pass
            def reply(self, status, body, kind):
                data = body.encode()
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            def do_GET(self):
                if "list-type=2" in self.path:
                    bucket = self.path.split("?")[0].strip("/")
                    token = "" if bucket == "truncated" else "<NextContinuationToken>same</NextContinuationToken>"
                    return self.reply(200, "<ListBucketResult><Name>%s</Name><Contents><Key>k</Key><Size>1</Size></Contents><IsTruncated>true</IsTruncated>%s</ListBucketResult>" % (bucket, token), "application/xml")
                if self.path.startswith("/?"):
                    return self.reply(200, "<ListAllMyBucketsResult><Buckets></Buckets><ContinuationToken>same</ContinuationToken></ListAllMyBucketsResult>", "application/xml")
                self.reply(404, "", "text/plain")
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"])).decode()
                target = self.headers.get("X-Amz-Target", "")
                if target == "DynamoDB_20120810.ListTables":
                    return self.reply(200, json.dumps({"TableNames": [], "LastEvaluatedTableName": "same"}), "application/x-amz-json-1.0")
                if target == "AmazonSQS.ListQueues":
                    return self.reply(200, json.dumps({"QueueUrls": [], "NextToken": "same"}), "application/x-amz-json-1.0")
                form = urllib.parse.parse_qs(body)
                action = form.get("Action", [""])[0]
                if action == "ListTopics":
                    token = form.get("NextToken", [""])[0]
                    members = "" if token else "<member><TopicArn>arn:aws:sns:us-east-1:123456789012:first</TopicArn></member>"
                    following = {"": "a", "a": "b", "b": "a"}[token]
                    return self.reply(200, "<ListTopicsResponse><ListTopicsResult><Topics>%s</Topics><NextToken>%s</NextToken></ListTopicsResult></ListTopicsResponse>" % (members, following), "text/xml")
                if action == "ListSubscriptionsByTopic":
                    return self.reply(200, "<ListSubscriptionsByTopicResponse><ListSubscriptionsByTopicResult><Subscriptions></Subscriptions><NextToken>same</NextToken></ListSubscriptionsByTopicResult></ListSubscriptionsByTopicResponse>", "text/xml")
                self.reply(400, "<Error><Code>InvalidAction</Code></Error>", "text/xml")
        """

    static let port = Task { await LoopbackScriptServer.startHTTP(serverScript) }

    func client() async throws -> AWSClient {
        let port = try #require(await Self.port.value, "the fake server did not start")
        let configuration = try AWSConfiguration(options: [
            "endpoint_url": "http://127.0.0.1:\(port)", "region": "us-east-1", "access_key_id": "AKIDEXAMPLE", "secret_access_key": "secret",
            "max_attempts": "1",
        ], environment: ["HOME": "/nonexistent"])
        return try AWSClient(configuration: configuration, logger: .silent)
    }

    func expectRepeated(_ operation: String, _ body: () async throws -> Void) async {
        let error = await failure(body)
        #expect(error?.code == "RepeatedPageToken", "\(operation): \(String(describing: error))")
        #expect(error?.kind == .internal)
    }

    @Test("S3 ListBuckets, DynamoDB ListTables and SQS ListQueues stop when the token comes back")
    func listingsStop() async throws {
        let client = try await client()
        defer { client.shutdown() }
        await expectRepeated("ListBuckets") { _ = try await client.s3.listBuckets(ListResourcesRequest()) }
        await expectRepeated("ListTables") { _ = try await client.dynamoDB.listTables(ListResourcesRequest(prefix: "x")) }
        await expectRepeated("ListQueues") { _ = try await client.sqs.listQueues(ListResourcesRequest()) }
    }

    @Test("S3 ListObjectsV2: a truncated page without a token, or the token just sent handed back, is refused")
    func objectListings() async throws {
        let client = try await client()
        defer { client.shutdown() }
        let truncated = await failure { try await client.s3.listObjects(ListObjectsRequest(bucket: "truncated")) }
        #expect(truncated?.code == "TruncatedWithoutToken", "\(String(describing: truncated))")
        #expect(truncated?.kind == .internal)
        let first = try await client.s3.listObjects(ListObjectsRequest(bucket: "repeat"))
        #expect(first.objects.map(\.key) == ["k"])
        #expect(first.nextPageToken == "same")
        await expectRepeated("ListObjectsV2") { _ = try await client.s3.listObjects(ListObjectsRequest(bucket: "repeat", pageToken: "same")) }
        await expectRepeated("allObjects") { _ = try await client.s3.allObjects(bucket: "repeat").collect() }
    }

    @Test("SNS ListTopics: a page, then the token cycling back stops the next call")
    func topicsStop() async throws {
        let client = try await client()
        defer { client.shutdown() }
        let first = try await client.sns.listTopics(ListResourcesRequest())
        #expect(first.items.map(\.name) == ["first"])
        let token = try #require(first.nextPageToken)
        await expectRepeated("ListTopics") { _ = try await client.sns.listTopics(ListResourcesRequest(pageToken: token)) }
    }

    @Test("the loop over every subscription of a topic stops when the token comes back")
    func subscriptionsStop() async throws {
        let client = try await client()
        defer { client.shutdown() }
        await expectRepeated("ListSubscriptionsByTopic") { _ = try await client.sns.subscriptions(of: "arn:aws:sns:us-east-1:123456789012:t") }
    }
}
