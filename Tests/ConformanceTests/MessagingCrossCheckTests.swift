import CloudKit
import Foundation
import Testing

/// Messages cross between the cloudkit CLI and boto3 on the same SQS/SNS (moto).
@Suite("Queue and pub/sub cross-check with boto3", .enabled(if: ProviderFixture.providers.contains("aws")))
struct MessagingCrossCheckTests {
    @Test("cloudkit pubsub publish to a raw subscription made by the CLI → boto3 receives the body and attributes")
    func cloudkitPublishesBotoReceives() async throws {
        let endpoint = try #require(ProviderFixture.motoEndpoint)
        let topic = ProviderFixture.uniqueBucket("xtopic")
        let queue = ProviderFixture.uniqueBucket("xq")
        for arguments in [["pubsub", "create-topic", topic], ["queue", "create", queue], ["pubsub", "subscribe", topic, "--queue", queue, "--raw"]] {
            let outcome = try await BotoRunner.cloudkit(arguments, endpoint: endpoint)
            #expect(outcome.status == 0, "\(arguments): \(outcome.stderr)")
        }
        // String and Number attributes only: moto cannot forward a Binary SNS
        // attribute to SQS (it fails hashing it, for boto3 too); the SQS
        // conformance suite covers Binary attributes end to end.
        let publish = try await BotoRunner.cloudkit(
            ["pubsub", "publish", topic, "order #1 ✓", "--attr", "color=blue", "--attr", "qty:Number=3"], endpoint: endpoint)
        #expect(publish.status == 0, "\(publish.stderr)")
        let script = """
            import base64, boto3, json, sys
            sqs = boto3.client("sqs")
            url = sqs.get_queue_url(QueueName=sys.argv[1])["QueueUrl"]
            messages = sqs.receive_message(QueueUrl=url, WaitTimeSeconds=2, MessageAttributeNames=["All"]).get("Messages", [])
            out = []
            for m in messages:
                attrs = {k: {"type": v["DataType"], "value": v.get("StringValue") or base64.b64encode(v["BinaryValue"]).decode()} for k, v in m.get("MessageAttributes", {}).items()}
                out.append({"body": m["Body"], "attributes": attrs})
            print(json.dumps(out, sort_keys=True, ensure_ascii=False))
            """
        let read = try await BotoRunner.python(script, [queue], endpoint: endpoint)
        #expect(read.status == 0, "\(read.stderr)")
        #expect(read.text.trimmingCharacters(in: .whitespacesAndNewlines) == #"""
            [{"attributes": {"color": {"type": "String", "value": "blue"}, "qty": {"type": "Number", "value": "3"}}, "body": "order #1 ✓"}]
            """#)
    }

    @Test("boto3 send_message → cloudkit queue receive prints the body and attributes; ack deletes it")
    func botoSendsCloudkitReceives() async throws {
        let endpoint = try #require(ProviderFixture.motoEndpoint)
        let queue = ProviderFixture.uniqueBucket("xq")
        let script = """
            import boto3, sys
            sqs = boto3.client("sqs")
            url = sqs.create_queue(QueueName=sys.argv[1])["QueueUrl"]
            sqs.send_message(QueueUrl=url, MessageBody="from boto3 é", MessageAttributes={"source": {"DataType": "String", "StringValue": "boto3"}, "n": {"DataType": "Number", "StringValue": "42"}})
            """
        let write = try await BotoRunner.python(script, [queue], endpoint: endpoint)
        #expect(write.status == 0, "\(write.stderr)")
        let receive = try await BotoRunner.cloudkit(["queue", "receive", queue, "--wait", "2"], endpoint: endpoint)
        #expect(receive.status == 0, "\(receive.stderr)")
        let message = try JSONValue.parse(receive.text.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(message["body"] == .string("from boto3 é"))
        #expect(message["attributes"] == (try JSONValue.parse(#"{"n":{"type":"Number","value":"42"},"source":{"type":"String","value":"boto3"}}"#)))
        #expect(message["receiveCount"] == .number("1"))
        let handle = try #require(message["receiptHandle"]?.stringValue)
        #expect(try await BotoRunner.cloudkit(["queue", "ack", queue, handle], endpoint: endpoint).status == 0)
        let counts = try await BotoRunner.cloudkit(["queue", "counts", queue], endpoint: endpoint)
        #expect(counts.text.trimmingCharacters(in: .whitespacesAndNewlines) == #"{"delayed":0,"inFlight":0,"visible":0}"#)
    }
}
