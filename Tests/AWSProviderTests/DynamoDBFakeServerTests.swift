@testable import AWSProvider
import AWSAuth
import AWSHTTP
import CloudKitModel
import CloudKitProviderSupport
import CloudKitTestSupport
import Foundation
import Testing

/// DynamoDB behaviour moto never shows (unprocessed batch work, throttling),
/// against a small fake DynamoDB written for these tests.
@Suite("DynamoDB against a fake server")
struct DynamoDBFakeServerTests {
    /// Every batch answers with its last key/item unprocessed; the first PutItem
    /// of a table is throttled. `/state/<table>` reports what it saw.
    static let serverScript = """
        state = {}
        lock = threading.Lock()
        class Handler(BaseHandler):
            def reply(self, status, body):
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/x-amz-json-1.0")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            def do_GET(self):
                with lock: self.reply(200, state.get(self.path[len("/state/"):], {}))
            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                op = self.headers["X-Amz-Target"].split(".")[1]
                if not self.headers.get("Authorization", "").startswith("AWS4-HMAC-SHA256 "):
                    return self.reply(400, {"__type": "MissingAuthenticationTokenException", "message": "unsigned"})
                with lock:
                    if op == "DescribeTable":
                        return self.reply(200, {"Table": {"TableName": body["TableName"], "TableStatus": "ACTIVE",
                            "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
                            "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}]}})
                    if op == "PutItem":
                        s = state.setdefault(body["TableName"], {"puts": 0})
                        s["puts"] += 1
                        if s["puts"] == 1:
                            return self.reply(400, {"__type": "com.amazonaws.dynamodb.v20120810#ThrottlingException", "message": "slow down"})
                        return self.reply(200, {})
                    if op == "BatchWriteItem":
                        (table, requests), = body["RequestItems"].items()
                        s = state.setdefault(table, {"calls": 0, "written": [], "largest": 0})
                        s["calls"] += 1
                        s["largest"] = max(s["largest"], len(requests))
                        done, left = (requests[:-1], requests[-1:]) if len(requests) > 1 else (requests, [])
                        s["written"] += [r["PutRequest"]["Item"]["pk"]["S"] for r in done]
                        return self.reply(200, {"UnprocessedItems": {table: left} if left else {}})
                    if op == "BatchGetItem":
                        (table, request), = body["RequestItems"].items()
                        keys = request["Keys"]
                        s = state.setdefault(table, {"calls": 0, "largest": 0})
                        s["calls"] += 1
                        s["largest"] = max(s["largest"], len(keys))
                        done, left = (keys[:-1], keys[-1:]) if len(keys) > 1 else (keys, [])
                        items = [dict(k, v={"N": k["pk"]["S"][1:]}) for k in done if k["pk"]["S"] != "k7"]
                        return self.reply(200, {"Responses": {table: items}, "UnprocessedKeys": {table: {"Keys": left}} if left else {}})
                self.reply(400, {"__type": "UnknownOperationException", "message": op})
        """

    static let port = Task { await LoopbackScriptServer.startHTTP(serverScript) }

    func client() async throws -> (DynamoDBClient, CurlTransport, Int) {
        let port = try #require(await Self.port.value, "the fake DynamoDB did not start")
        let configuration = try AWSConfiguration(
            options: ["endpoint_url": "http://127.0.0.1:\(port)", "region": "us-east-1", "access_key_id": "AKIDEXAMPLE", "secret_access_key": "secret"],
            environment: [:])
        let transport = try CurlTransport()
        let client = try DynamoDBClient(
            configuration: configuration, transport: transport,
            credentials: StaticCredentialProvider(AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "secret", source: "test")), logger: .silent)
        return (client, transport, port)
    }

    /// What the fake server saw for `table`.
    func state(_ transport: CurlTransport, _ port: Int, _ table: String) async throws -> [String: Any] {
        let response = try await transport.send(HTTPRequest(method: "GET", url: "http://127.0.0.1:\(port)/state/\(table)"))
        return try #require(try JSONSerialization.jsonObject(with: response.body) as? [String: Any])
    }

    @Test("batch put splits into 25-item requests and re-sends unprocessed items until all are written")
    func batchPutResendsUnprocessed() async throws {
        let (client, transport, port) = try await client()
        defer { transport.shutdown() }
        let table = "t-put-\(UUID().uuidString.prefix(6))"
        let items: [KVItem] = (0..<60).map { ["pk": .string("k\($0)")] }
        try await client.batchPut(table: table, items: items)
        let seen = try await state(transport, port, table)
        #expect(Set(seen["written"] as? [String] ?? []) == Set((0..<60).map { "k\($0)" }))
        #expect((seen["written"] as? [String])?.count == 60)
        #expect(seen["largest"] as? Int == 25)
    }

    @Test("batch get splits into 100-key requests, re-sends unprocessed keys and returns items in key order")
    func batchGetResendsUnprocessed() async throws {
        let (client, transport, port) = try await client()
        defer { transport.shutdown() }
        let table = "t-get-\(UUID().uuidString.prefix(6))"
        let keys: [KVItem] = (0..<150).reversed().map { ["pk": .string("k\($0)")] }
        let items = try await client.batchGet(table: table, keys: keys)
        #expect(items.map { $0["pk"] } == keys.filter { $0["pk"] != .string("k7") }.map { $0["pk"] })
        #expect(items.first?["v"] == .number(try KVNumber("149")))
        #expect(try await state(transport, port, table)["largest"] as? Int == 100)
    }

    @Test("a throttled call is retried and then succeeds")
    func throttlingIsRetried() async throws {
        let (client, transport, port) = try await client()
        defer { transport.shutdown() }
        let table = "t-thr-\(UUID().uuidString.prefix(6))"
        try await client.putItem(PutItemRequest(table: table, item: ["pk": .string("a")]))
        #expect(try await state(transport, port, table)["puts"] as? Int == 2)
    }
}
