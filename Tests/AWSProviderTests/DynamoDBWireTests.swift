import AWSHTTP
@testable import AWSProvider
import CloudKitModel
import Foundation
import Testing

/// DynamoDB's wire forms: attribute values, expressions and error replies.
@Suite("DynamoDB wire format")
struct DynamoDBWireTests {
    @Test("every attribute type maps to DynamoDB's typed JSON and back, numbers as exact strings")
    func attributeValuesRoundTrip() throws {
        let item = try KVJSON.item(#"{"s":"x","n":12345678901234567890123456789012345678,"b":{"$b64":"AQI="},"t":true,"z":null,"l":[1],"m":{"k":"v"},"ss":{"$ss":["a"]},"ns":{"$ns":[-1.5]},"bs":{"$bs":["AA=="]}}"#)
        let wire = DynamoDBValues.wire(item)
        #expect(wire["n"] == .object(["N": .string("12345678901234567890123456789012345678")]))
        #expect(wire["b"] == .object(["B": .string("AQI=")]))
        #expect(wire["z"] == .object(["NULL": .bool(true)]))
        #expect(wire["l"] == .object(["L": .array([.object(["N": .string("1")])])]))
        #expect(wire["ns"] == .object(["NS": .array([.string("-1.5")])]))
        #expect(try DynamoDBValues.item(wire) == item)
    }

    @Test("a malformed attribute value from the service is an internal error")
    func malformedReply() {
        #expect(throws: CloudError.self) { try DynamoDBValues.value(.object(["N": .string("abc")])) }
        #expect(throws: CloudError.self) { try DynamoDBValues.value(.object(["Q": .string("x")])) }
        #expect(throws: CloudError.self) { try DynamoDBValues.value(.object(["S": .string("x"), "N": .string("1")])) }
    }

    @Test("expressions use placeholders for every name and value")
    func expressionPlaceholders() throws {
        var expression = DynamoDBExpression()
        #expect(expression.condition(.ifAbsent, partitionKey: "pk") == "attribute_not_exists(#n0)")
        #expect(expression.condition(.ifEquals(attribute: "size", value: .number(try KVNumber("3"))), partitionKey: "pk") == "#n1 = :v0")
        #expect(expression.name("pk") == "#n0")
        var body: [String: JSONValue] = [:]
        expression.apply(to: &body)
        #expect(body["ExpressionAttributeNames"] == .object(["#n0": .string("pk"), "#n1": .string("size")]))
        #expect(body["ExpressionAttributeValues"] == .object([":v0": .object(["N": .string("3")])]))
    }

    @Test("a cancelled transaction names the first failing operation")
    func transactionCancellation() {
        let body = #"{"__type":"com.amazonaws.dynamodb.v20120810#TransactionCanceledException","message":"Transaction cancelled, please refer cancellation reasons for specific reasons [None, ConditionalCheckFailed]","CancellationReasons":[{"Code":"None"},{"Code":"ConditionalCheckFailed","Message":"The conditional request failed"}]}"#
        let error = DynamoDBErrors.error(from: HTTPResponse(status: 400, headers: [], body: Data(body.utf8)))
        #expect(error.kind == .preconditionFailed)
        #expect(error.code == "TransactionCanceledException")
        #expect(error.detailsJSON == #"{"index":1,"reason":"ConditionalCheckFailed"}"#)
        let messageOnly = #"{"__type":"TransactionCanceledException","message":"Transaction cancelled, please refer cancellation reasons for specific reasons [None, None, ConditionalCheckFailed]"}"#
        #expect(DynamoDBErrors.error(from: HTTPResponse(status: 400, headers: [], body: Data(messageOnly.utf8))).detailsJSON == #"{"index":2,"reason":"ConditionalCheckFailed"}"#)
    }

    @Test("DynamoDB error codes map to stable kinds", arguments: [
        ("ResourceNotFoundException", CloudErrorKind.notFound), ("ConditionalCheckFailedException", .preconditionFailed),
        ("ProvisionedThroughputExceededException", .throttled), ("ThrottlingException", .throttled),
        ("ValidationException", .invalidArgument), ("ResourceInUseException", .alreadyExists),
    ])
    func errorKinds(code: String, kind: CloudErrorKind) {
        let body = #"{"__type":"com.amazonaws.dynamodb.v20120810#\#(code)","message":"m"}"#
        let error = DynamoDBErrors.error(from: HTTPResponse(status: 400, headers: [HTTPHeader("x-amzn-RequestId", "R1")], body: Data(body.utf8)))
        #expect(error.kind == kind)
        #expect(error.code == code)
        #expect(error.requestID == "R1")
        #expect(error.retryable == (kind == .throttled))
    }
}
