@testable import AWSProvider
import AWSAuth
import AWSHTTP
import CloudKitModel
import CloudKitTestSupport
import Foundation
import Testing

/// SQS replies whose MD5s do not match (what the SDKs check and moto never
/// gets wrong), against a small fake SQS written for these tests. It
/// answers the true MD5s (computed as moto does) unless told otherwise: a
/// body `bad-body`, or an attribute named `bad`, gets a wrong one; a receive
/// on queue `/1/<case>` returns two messages, the second per `<case>`.
@Suite("SQS MD5 checks against a fake server")
struct SQSDigestFakeServerTests {
    static let handler = """
        import hashlib, struct, base64
        def body_md5(text): return hashlib.md5(text.encode()).hexdigest()
        def attribute_md5(attributes):
            md5 = hashlib.md5()
            def field(data):
                md5.update(struct.pack("!I", len(data)))
                md5.update(data)
            for name in sorted(attributes):
                value = attributes[name]
                field(name.encode())
                field(value["DataType"].encode())
                if "StringValue" in value:
                    md5.update(bytes([1]))
                    field(value["StringValue"].encode())
                else:
                    md5.update(bytes([2]))
                    field(base64.b64decode(value["BinaryValue"]))
            return md5.hexdigest()
        WRONG = "0123456789abcdef0123456789abcdef"
        def sent(entry):
            reply = {"Id": entry.get("Id"), "MessageId": "m-" + entry.get("Id", "1"), "MD5OfMessageBody": body_md5(entry["MessageBody"])}
            if entry["MessageBody"] == "bad-body": reply["MD5OfMessageBody"] = WRONG
            attributes = entry.get("MessageAttributes")
            if attributes:
                reply["MD5OfMessageAttributes"] = WRONG if "bad" in attributes else attribute_md5(attributes)
            return reply
        ATTRIBUTES = {"kind": {"DataType": "String.custom", "StringValue": "ok"},
                      "size": {"DataType": "Number", "StringValue": "12"},
                      "raw": {"DataType": "Binary", "BinaryValue": base64.b64encode(bytes([0, 255])).decode()}}
        def message(number, body, case):
            m = {"MessageId": "m%d" % number, "ReceiptHandle": "r%d" % number, "Body": body, "MD5OfBody": body_md5(body),
                 "MessageAttributes": ATTRIBUTES, "MD5OfMessageAttributes": attribute_md5(ATTRIBUTES)}
            if case == "badbody": m["MD5OfBody"] = WRONG
            if case == "badattributes": m["MD5OfMessageAttributes"] = WRONG
            if case == "nodigest": del m["MD5OfMessageAttributes"]
            return m
        class Handler(BaseHandler):
            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                op = self.headers["X-Amz-Target"].split(".")[1]
                if op == "SendMessage": return self.reply(200, sent(body))
                if op == "SendMessageBatch": return self.reply(200, {"Successful": [sent(e) for e in body["Entries"]], "Failed": []})
                if op == "ReceiveMessage":
                    case = body["QueueUrl"].rsplit("/", 1)[1]
                    return self.reply(200, {"Messages": [message(1, "first", "good"), message(2, "second", case)]})
                self.reply(400, {"__type": "UnknownOperationException", "message": op})
        """

    static let port = Task { await LoopbackScriptServer.startHTTP(handler) }

    func client() async throws -> (SQSClient, CurlTransport, String) {
        let port = try #require(await Self.port.value, "the fake SQS did not start")
        let endpoint = "http://127.0.0.1:\(port)"
        let configuration = try AWSConfiguration(
            options: ["endpoint_url": endpoint, "region": "us-east-1", "access_key_id": "AKIDEXAMPLE", "secret_access_key": "secret", "max_attempts": "1"],
            environment: [:])
        let transport = try CurlTransport()
        let client = try SQSClient(
            configuration: configuration, transport: transport,
            credentials: StaticCredentialProvider(AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "secret", source: "test")), logger: .silent)
        return (client, transport, endpoint)
    }

    static let attributes: MessageAttributes = ["size": .number("12"), "raw": .binary(Data([0, 255])), "kind": .string("ok")]

    @Test("send: matching MD5s pass; a wrong body or attributes MD5 is MD5Mismatch")
    func send() async throws {
        let (client, transport, endpoint) = try await client()
        defer { transport.shutdown() }
        let queue = "\(endpoint)/1/q"
        let sent = try await client.send(SendMessageRequest(queue: queue, body: "héllo", attributes: Self.attributes))
        #expect(sent.messageID == "m-1")
        for request in [
            SendMessageRequest(queue: queue, body: "bad-body"),
            SendMessageRequest(queue: queue, body: "fine", attributes: ["bad": .string("x")]),
        ] {
            let error = await failure { try await client.send(request) }
            #expect(error?.kind == .internal)
            #expect(error?.code == "MD5Mismatch")
        }
    }

    @Test("send batch: an entry whose MD5 does not match fails alone")
    func sendBatch() async throws {
        let (client, transport, endpoint) = try await client()
        defer { transport.shutdown() }
        let queue = "\(endpoint)/1/q"
        let results = try await client.sendBatch([
            SendMessageRequest(queue: queue, body: "one", attributes: Self.attributes),
            SendMessageRequest(queue: queue, body: "bad-body"),
            SendMessageRequest(queue: queue, body: "three", attributes: ["bad": .number("1")]),
            SendMessageRequest(queue: queue, body: "four"),
        ])
        #expect(results.map(\.messageID) == ["m-0", nil, nil, "m-3"])
        #expect(results.map(\.error?.code) == [nil, "MD5Mismatch", "MD5Mismatch", nil])
        #expect(results[1].error?.kind == .internal)
    }

    @Test("receive: a message whose body or attributes MD5 does not match (or is missing) fails the whole receive")
    func receive() async throws {
        let (client, transport, endpoint) = try await client()
        defer { transport.shutdown() }
        let messages = try await client.receive(ReceiveRequest(queue: "\(endpoint)/1/good", maxMessages: 10))
        #expect(messages.map(\.body) == ["first", "second"])
        #expect(messages.first?.attributes == ["kind": .string("ok"), "size": .number("12"), "raw": .binary(Data([0, 255]))])
        for queue in ["badbody", "badattributes", "nodigest"] {
            let error = await failure { try await client.receive(ReceiveRequest(queue: "\(endpoint)/1/\(queue)", maxMessages: 10)) }
            #expect(error?.kind == .internal, "\(queue)")
            #expect(error?.code == "MD5Mismatch", "\(queue)")
            #expect(error?.message.contains("m2") == true, "\(queue)")
        }
    }
}
