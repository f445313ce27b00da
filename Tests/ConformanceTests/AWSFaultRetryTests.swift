import CloudKit
import CloudKitTestSupport
import Foundation
import Testing

/// The AWS provider's retries over the wire, with failures moto never
/// shows injected by a `FaultProxy` in front of it: a throttled or failed
/// request is sent again until it succeeds or the attempts run out; a reply
/// lost after the service ran the request is retried only when running it
/// twice is harmless.
@Suite("AWS retries through a fault proxy", .enabled(if: ProviderFixture.providers.contains("aws")))
struct AWSFaultRetryTests {
    static let proxy = Task { () -> FaultProxy? in
        guard let moto = ProviderFixture.motoEndpoint else { return nil }
        return try? await FaultProxy(upstream: moto)
    }

    static let slowDown = FaultProxy.Fault.reply(
        status: 503, body: "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>",
        contentType: "application/xml")
    static let dynamoInternalError = FaultProxy.Fault.reply(
        status: 500, body: #"{"__type":"com.amazonaws.dynamodb.v20120810#InternalServerError","message":"injected"}"#,
        contentType: "application/x-amz-json-1.0")
    static let sqsThrottled = FaultProxy.Fault.reply(
        status: 400, body: #"{"__type":"com.amazonaws.sqs#ThrottlingException","message":"Rate exceeded"}"#, contentType: "application/x-amz-json-1.0")

    /// A client that reaches moto through the proxy (`through: false`: directly).
    func open(through: Bool = true, maxAttempts: Int = 3) async throws -> (Cloud, FaultProxy) {
        let proxy = try #require(await Self.proxy.value, "the fault proxy did not start")
        let endpoint = through ? proxy.endpoint : try #require(ProviderFixture.motoEndpoint)
        var options = ProviderFixture.awsOptions(endpoint: endpoint)
        options["max_attempts"] = String(maxAttempts)
        return (try await Cloud.load(provider: "aws", options: options, environment: ProviderFixture.environment), proxy)
    }

    @Test("S3: two 503 SlowDown replies are retried and the put lands; with max_attempts=1 the first is returned as throttled")
    func slowDownIsRetried() async throws {
        let (cloud, proxy) = try await open()
        let bucket = ProviderFixture.uniqueBucket("fault")
        try await cloud.storage.createBucket(bucket)
        let body = Data("sent three times, stored once".utf8)
        try await proxy.arm(["PUT /\(bucket)/retried "], Self.slowDown, times: 2)
        _ = try await cloud.storage.putObject(PutObjectRequest(bucket: bucket, key: "retried", body: .bytes(body)))
        #expect(try await proxy.seen(["PUT /\(bucket)/retried "]) == 3)
        #expect(try await cloud.storage.getObject(GetObjectRequest(bucket: bucket, key: "retried")).data == body)

        let (single, _) = try await open(maxAttempts: 1)
        try await proxy.arm(["PUT /\(bucket)/once "], Self.slowDown)
        let error = await failure { try await single.storage.putObject(PutObjectRequest(bucket: bucket, key: "once", body: .bytes(body))) }
        #expect(error?.kind == .throttled)
        #expect(error?.code == "SlowDown")
        #expect(error?.retryable == true)
        #expect(try await proxy.seen(["PUT /\(bucket)/once "]) == 1)
        await single.close()
        await cloud.close()
    }

    @Test("S3: small file and stream bodies go signed with their SHA-256, and a stream is sent again after a 503")
    func smallBodiesAreSignedAndReplayable() async throws {
        let (cloud, proxy) = try await open()
        let bucket = ProviderFixture.uniqueBucket("fault")
        try await cloud.storage.createBucket(bucket)
        let data = Data((0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 13) })
        let path = try ProviderFixture.temporaryDirectory("fault") + "/body.bin"
        try data.write(to: URL(fileURLWithPath: path))
        _ = try await cloud.storage.putObject(PutObjectRequest(bucket: bucket, key: "file", body: .file(path: path)))
        #expect(try await proxy.seen(["PUT /\(bucket)/file ", "sha256=UNSIGNED-PAYLOAD"]) == 0)
        #expect(try await proxy.seen(["PUT /\(bucket)/file ", "sha256="]) == 1)

        try await proxy.arm(["PUT /\(bucket)/stream "], Self.slowDown)
        _ = try await cloud.storage.putObject(
            PutObjectRequest(bucket: bucket, key: "stream", body: .stream(length: Int64(data.count), reader: .over(data))))
        #expect(try await proxy.seen(["PUT /\(bucket)/stream "]) == 2)
        #expect(try await proxy.seen(["PUT /\(bucket)/stream ", "sha256=UNSIGNED-PAYLOAD"]) == 0)
        #expect(try await cloud.storage.getObject(GetObjectRequest(bucket: bucket, key: "stream")).data == data)
        #expect(try await cloud.storage.getObject(GetObjectRequest(bucket: bucket, key: "file")).data == data)
        await cloud.close()
    }

    @Test("S3: a GET whose reply is cut off is sent again and returns the whole object")
    func lostReplyOfAReadIsRetried() async throws {
        let (cloud, proxy) = try await open()
        let bucket = ProviderFixture.uniqueBucket("fault")
        try await cloud.storage.createBucket(bucket)
        let body = Data((0..<100_000).map { UInt8(truncatingIfNeeded: $0 &* 7) })
        _ = try await cloud.storage.putObject(PutObjectRequest(bucket: bucket, key: "big", body: .bytes(body)))
        try await proxy.arm(["GET /\(bucket)/big "], .loseReply)
        #expect(try await cloud.storage.getObject(GetObjectRequest(bucket: bucket, key: "big")).data == body)
        #expect(try await proxy.seen(["GET /\(bucket)/big "]) == 2)
        await cloud.close()
    }

    @Test("S3: a GET to a stream is sent again after a 500, and after its reply is cut off mid-body; the stream gets the object once, whole")
    func streamedReadIsRetriedWhole() async throws {
        let (cloud, proxy) = try await open()
        let bucket = ProviderFixture.uniqueBucket("fault")
        try await cloud.storage.createBucket(bucket)
        let body = Data((0..<100_000).map { UInt8(truncatingIfNeeded: $0 &* 13) })
        _ = try await cloud.storage.putObject(PutObjectRequest(bucket: bucket, key: "streamed", body: .bytes(body)))
        let internalError = FaultProxy.Fault.reply(
            status: 500, body: "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>InternalError</Code><Message>injected</Message></Error>",
            contentType: "application/xml")

        let received = LockedData()
        try await proxy.arm(["GET /\(bucket)/streamed "], internalError)
        _ = try await cloud.storage.getObject(GetObjectRequest(bucket: bucket, key: "streamed", sink: .stream(BodyWriter { received.append($0) })))
        #expect(received.value == body, "the stream got the object once, whole")
        #expect(try await proxy.seen(["GET /\(bucket)/streamed "]) == 2)

        // A part is handed to the stream only once it is whole, so a cut reply is fetched again and nothing is repeated.
        let cut = LockedData()
        try await proxy.arm(["GET /\(bucket)/streamed "], .loseReply)
        _ = try await cloud.storage.getObject(GetObjectRequest(bucket: bucket, key: "streamed", sink: .stream(BodyWriter { cut.append($0) })))
        #expect(cut.value == body, "the stream got the object once, whole")
        #expect(try await proxy.seen(["GET /\(bucket)/streamed "]) == 4)
        await cloud.close()
    }

    @Test("SQS: a send whose reply is lost is not sent again (no duplicate); a throttled send is, and lands once")
    func lostReplyOfASendIsNotRetried() async throws {
        let (cloud, proxy) = try await open()
        let (direct, _) = try await open(through: false)
        let queue = "ck-fault-\(UUID().uuidString.prefix(8).lowercased())"
        _ = try await cloud.queues.createQueue(QueueSpec(name: queue))
        try await proxy.arm(["AmazonSQS.SendMessage ", "/\(queue)\""], .loseReply)
        let error = await failure { try await cloud.queues.send(SendMessageRequest(queue: queue, body: "exactly once")) }
        #expect(error?.kind == .network, "\(String(describing: error))")
        #expect(error?.retryable == true, "the caller may still choose to send again")
        #expect(try await proxy.seen(["AmazonSQS.SendMessage ", "/\(queue)\""]) == 1)

        try await proxy.arm(["AmazonSQS.SendMessage ", "/\(queue)\""], Self.sqsThrottled)
        _ = try await cloud.queues.send(SendMessageRequest(queue: queue, body: "after a throttle"))
        #expect(try await proxy.seen(["AmazonSQS.SendMessage ", "/\(queue)\""]) == 3)

        let received = try await direct.queues.receive(ReceiveRequest(queue: queue, maxMessages: 10, waitSeconds: 1))
        #expect(received.map(\.body).sorted() == ["after a throttle", "exactly once"])
        await direct.close()
        await cloud.close()
    }

    @Test("DynamoDB: a 500 is retried; an update that adds to a number is not re-sent after a lost reply, one that sets is")
    func updateRetriesFollowIdempotency() async throws {
        let (cloud, proxy) = try await open()
        let (direct, _) = try await open(through: false)
        let table = "ck-fault-\(UUID().uuidString.prefix(8).lowercased())"
        try await cloud.kv.createTable(TableSpec(table: table, partitionKey: KeyAttribute("id")))
        let key: KVItem = ["id": .string("counter")]
        let match = ["DynamoDB_20120810.UpdateItem ", "\"\(table)\""]

        try await proxy.arm(match, Self.dynamoInternalError)
        _ = try await cloud.kv.updateItem(UpdateItemRequest(table: table, key: key, set: ["label": .string("first")]))
        #expect(try await proxy.seen(match) == 2)

        try await proxy.arm(match, .loseReply)
        let error = await failure { try await cloud.kv.updateItem(UpdateItemRequest(table: table, key: key, add: ["n": try KVNumber("1")])) }
        #expect(error?.kind == .network, "\(String(describing: error))")
        #expect(try await proxy.seen(match) == 3)

        try await proxy.arm(match, .loseReply)
        _ = try await cloud.kv.updateItem(UpdateItemRequest(table: table, key: key, set: ["label": .string("second")]))
        #expect(try await proxy.seen(match) == 5)

        let item = try await direct.kv.getItem(GetItemRequest(table: table, key: key, consistent: true))
        #expect(item?["n"] == .number(try KVNumber("1")), "the add ran once")
        #expect(item?["label"] == .string("second"))
        try await direct.kv.deleteTable(table)
        await direct.close()
        await cloud.close()
    }
}
