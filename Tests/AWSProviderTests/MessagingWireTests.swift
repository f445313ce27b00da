@testable import AWSProvider
import CloudKitModel
import Foundation
import Testing

/// SQS and SNS wire forms: attributes, query parameters, XML replies and queue policies.
@Suite("SQS and SNS wire formats")
struct MessagingWireTests {
    @Test("SQS message attributes carry their data types, binary as base64, and read back")
    func sqsAttributes() {
        let attributes: MessageAttributes = ["s": .string("x"), "n": .number("1.50"), "b": .binary(Data([0, 255]))]
        let wire = SQSValues.wire(attributes)
        #expect(wire["n"] == .object(["DataType": .string("Number"), "StringValue": .string("1.50")]))
        #expect(wire["b"] == .object(["DataType": .string("Binary"), "BinaryValue": .string("AP8=")]))
        #expect(SQSValues.attributes(wire) == attributes)
    }

    @Test("a failed SQS batch entry keeps its code and kind")
    func sqsEntryError() {
        let error = SQSValues.entryError(.object(["Id": .string("3"), "Code": .string("InvalidMessageContents"), "Message": .string("bad"), "SenderFault": .bool(true)]))
        #expect(error.kind == .invalidArgument)
        #expect(error.code == "InvalidMessageContents")
        #expect(!error.retryable)
    }

    @Test("SNS message attributes and maps use the query protocol's entry.N form")
    func snsParameters() throws {
        let parameters = try SNSParameters.message(
            PublishRequest(topic: "t", message: "m", subject: "s", attributes: ["b": .binary(Data([1])), "a": .string("x")], groupID: "g"),
            prefix: "PublishBatchRequestEntries.member.2.")
        let names = parameters.map(\.0)
        #expect(names.contains("PublishBatchRequestEntries.member.2.Message"))
        #expect(parameters.contains { $0 == ("PublishBatchRequestEntries.member.2.MessageAttributes.entry.1.Name", "a") })
        #expect(parameters.contains { $0 == ("PublishBatchRequestEntries.member.2.MessageAttributes.entry.2.Value.BinaryValue", "AQ==") })
        #expect(SNSParameters.map("Attributes", [("FifoTopic", "true")]).map(\.1) == ["FifoTopic", "true"])
        #expect(AWSQueryService.form([("Message", "a b&c=d/é")]) == "Message=a%20b%26c%3Dd%2F%C3%A9")
        #expect(throws: CloudError.self) { try SNSParameters.message(PublishRequest(topic: "t", message: "m", subject: String(repeating: "s", count: 101))) }
    }

    @Test("query-protocol XML replies are read by path, including repeated members")
    func xmlReplies() throws {
        let xml = """
            <PublishBatchResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishBatchResult>
            <Successful><member><Id>0</Id><MessageId>m0</MessageId></member><member><Id>2</Id><MessageId>m2</MessageId></member></Successful>
            <Failed><member><Id>1</Id><Code>InvalidParameter</Code><SenderFault>true</SenderFault></member></Failed>
            </PublishBatchResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></PublishBatchResponse>
            """
        let tree = try XMLTree.parse(Data(xml.utf8))
        let result = try #require(tree.child("PublishBatchResult"))
        #expect(result.child("Successful")?.all("member").compactMap { $0.text("MessageId") } == ["m0", "m2"])
        #expect(result.child("Failed")?.all("member").first?.text("Code") == "InvalidParameter")
        #expect(throws: CloudError.self) { try XMLTree.parse(Data("<a><b></a>".utf8)) }
    }

    @Test("subscribing adds one statement per topic to the queue policy, keeping what was there")
    func queuePolicy() throws {
        let topic = "arn:aws:sns:us-east-1:123456789012:orders"
        let queue = "arn:aws:sqs:us-east-1:123456789012:q"
        let fresh = try #require(try SQSQueuePolicy.merged(nil, topic: topic, queueARN: queue))
        let document = try JSONValue.parse(fresh)
        let statement = try #require(document["Statement"]?.arrayValue?.first)
        #expect(statement["Principal"]?["Service"] == .string("sns.amazonaws.com"))
        #expect(statement["Condition"]?["ArnEquals"]?["aws:SourceArn"] == .string(topic))
        #expect(statement["Resource"] == .string(queue))
        #expect(try SQSQueuePolicy.merged(fresh, topic: topic, queueARN: queue) == nil)
        let other = try #require(try SQSQueuePolicy.merged(fresh, topic: topic + "2", queueARN: queue))
        #expect(try JSONValue.parse(other)["Statement"]?.arrayValue?.count == 2)
    }
}
