@testable import AWSProvider
import CloudKitModel
import Foundation
import Testing

/// The MD5s SQS reports, computed here, against vectors from moto's own
/// implementation (`moto.sqs.models.Message.body_md5` / `attribute_md5`).
@Suite("SQS message digests")
struct SQSMessageDigestTests {
    /// String, Number, Binary and a custom type, names out of order.
    static let attributes: JSONValue = .object([
        "color": .object(["DataType": .string("String"), "StringValue": .string("blue")]),
        "count": .object(["DataType": .string("Number"), "StringValue": .string("1.50")]),
        "blob": .object(["DataType": .string("Binary"), "BinaryValue": .string(Data([0, 1, 254, 255]).base64EncodedString())]),
        "Custom-Name.x": .object(["DataType": .string("String.json"), "StringValue": .string(#"{"a":"ü"}"#)]),
    ])

    @Test("body and attribute MD5s match moto's for the same message")
    func knownVectors() throws {
        #expect(SQSMessageDigest.body("héllo wörld") == "ed0c22cc110ede12327851863c078138")
        #expect(SQSMessageDigest.body("") == "d41d8cd98f00b204e9800998ecf8427e")
        #expect(SQSMessageDigest.attributes(try #require(Self.attributes.objectValue)) == "a7b9894c5ca4ae0731adfa1ac8fd742c")
        #expect(SQSMessageDigest.attributes(["a": .object(["DataType": .string("String"), "StringValue": .string("x")])])
            == "a512aac9938034acb0b3c3d965944bf1")
    }

    @Test("the wire form of the model's attributes digests as sent")
    func wireForm() {
        let wire = SQSValues.wire(["color": .string("blue"), "count": .number("1.50"), "blob": .binary(Data([0, 1, 254, 255]))])
        var expected = Self.attributes.objectValue ?? [:]
        expected["Custom-Name.x"] = nil
        #expect(SQSMessageDigest.attributes(wire.objectValue ?? [:]) == SQSMessageDigest.attributes(expected))
    }

    @Test("a sent message is checked: body always, attributes when sent; a wrong or missing MD5 is MD5Mismatch")
    func sent() throws {
        let entry: [String: JSONValue] = ["MessageBody": .string("héllo wörld"), "MessageAttributes": Self.attributes]
        let good: JSONValue = .object([
            "MD5OfMessageBody": .string("ed0c22cc110ede12327851863c078138"), "MD5OfMessageAttributes": .string("a7b9894c5ca4ae0731adfa1ac8fd742c"),
        ])
        try SQSMessageDigest.checkSent(entry, reply: good)
        try SQSMessageDigest.checkSent(["MessageBody": .string("")], reply: .object(["MD5OfMessageBody": .string("D41D8CD98F00B204E9800998ECF8427E")]))
        for reply: JSONValue in [
            .object(["MD5OfMessageBody": .string("ed0c22cc110ede12327851863c078138")]),
            .object(["MD5OfMessageBody": .string("00000000000000000000000000000000"), "MD5OfMessageAttributes": .string("a7b9894c5ca4ae0731adfa1ac8fd742c")]),
            .object(["MD5OfMessageBody": .string("ed0c22cc110ede12327851863c078138"), "MD5OfMessageAttributes": .string("not an md5")]),
        ] {
            let error = #expect(throws: CloudError.self) { try SQSMessageDigest.checkSent(entry, reply: reply) }
            #expect(error?.kind == .internal)
            #expect(error?.code == "MD5Mismatch")
            #expect(error?.retryable == false)
        }
    }

    @Test("a received message is checked: the body, and the attributes when it carries any")
    func received() throws {
        try SQSMessageDigest.checkReceived(.object(["Body": .string(""), "MD5OfBody": .string("d41d8cd98f00b204e9800998ecf8427e")]))
        try SQSMessageDigest.checkReceived(.object([
            "Body": .string("héllo wörld"), "MD5OfBody": .string("ed0c22cc110ede12327851863c078138"), "MessageAttributes": Self.attributes,
            "MD5OfMessageAttributes": .string("a7b9894c5ca4ae0731adfa1ac8fd742c"),
        ]))
        let error = #expect(throws: CloudError.self) {
            try SQSMessageDigest.checkReceived(.object([
                "MessageId": .string("m1"), "Body": .string("héllo wörld"), "MD5OfBody": .string("ed0c22cc110ede12327851863c078138"),
                "MessageAttributes": Self.attributes,
            ]))
        }
        #expect(error?.code == "MD5Mismatch")
        #expect(error?.message.contains("m1") == true)
    }
}
