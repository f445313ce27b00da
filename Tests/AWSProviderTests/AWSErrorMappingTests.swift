import AWSHTTP
@testable import AWSProvider
import CloudKitModel
import Foundation
import XCTest

/// AWS error replies → stable kinds, keeping code, message, status and request id.
final class AWSErrorMappingTests: XCTestCase {
    func response(_ status: Int, _ body: String, headers: [HTTPHeader] = []) -> HTTPResponse {
        HTTPResponse(status: status, headers: headers, body: Data(body.utf8))
    }

    func testS3XMLErrorKeepsCodeMessageAndRequestID() {
        let error = AWSErrorMapper.error(from: response(404, """
            <?xml version="1.0" encoding="UTF-8"?>
            <Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message><Key>k</Key><RequestId>4442587FB7D0A2F9</RequestId></Error>
            """))
        XCTAssertEqual(error.kind, .notFound)
        XCTAssertEqual(error.code, "NoSuchKey")
        XCTAssertEqual(error.message, "The specified key does not exist.")
        XCTAssertEqual(error.requestID, "4442587FB7D0A2F9")
        XCTAssertEqual(error.httpStatus, 404)
        XCTAssertFalse(error.retryable)
    }

    func testJSONErrorTypeIsStrippedToItsName() {
        let error = AWSErrorMapper.error(from: response(400, #"{"__type":"com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException","message":"The conditional request failed"}"#,
                                                       headers: [HTTPHeader("x-amzn-RequestId", "RID")]))
        XCTAssertEqual(error.kind, .preconditionFailed)
        XCTAssertEqual(error.code, "ConditionalCheckFailedException")
        XCTAssertEqual(error.requestID, "RID")
    }

    func testHeadWithoutBodyFallsBackToStatus() {
        let error = AWSErrorMapper.error(from: response(404, "", headers: [HTTPHeader("x-amz-request-id", "R1")]))
        XCTAssertEqual(error.kind, .notFound)
        XCTAssertEqual(error.code, "NotFound")
        XCTAssertEqual(error.requestID, "R1")
        XCTAssertEqual(AWSErrorMapper.error(from: response(412, "")).kind, .preconditionFailed)
    }

    func testEveryCodeFamilyMapsToItsKind() {
        let expectations: [(String, Int, CloudErrorKind)] = [
            ("NoSuchBucket", 404, .notFound), ("ResourceNotFoundException", 400, .notFound), ("QueueDoesNotExist", 400, .notFound),
            ("BucketAlreadyOwnedByYou", 409, .alreadyExists), ("BucketAlreadyExists", 409, .alreadyExists),
            ("BucketNotEmpty", 409, .preconditionFailed), ("PreconditionFailed", 412, .preconditionFailed),
            ("AccessDenied", 403, .permissionDenied), ("SignatureDoesNotMatch", 403, .unauthenticated),
            ("InvalidAccessKeyId", 403, .unauthenticated), ("ExpiredToken", 400, .unauthenticated),
            ("SlowDown", 503, .throttled), ("ThrottlingException", 400, .throttled), ("ProvisionedThroughputExceededException", 400, .throttled),
            ("InvalidRange", 416, .invalidArgument), ("ValidationException", 400, .invalidArgument), ("MalformedXML", 400, .invalidArgument),
            ("RequestTimeout", 400, .timeout), ("InternalError", 500, .internal), ("SomethingNew", 503, .throttled), ("SomethingNew", 502, .internal),
        ]
        for (code, status, kind) in expectations {
            XCTAssertEqual(AWSErrorMapper.kind(code: code, status: status), kind, code)
        }
    }

    func testRetryableFailuresAreThrottlingTimeoutsAndServerErrors() {
        XCTAssertTrue(AWSErrorMapper.retryable(code: "SlowDown", status: 503))
        XCTAssertTrue(AWSErrorMapper.retryable(code: "InternalError", status: 500))
        XCTAssertTrue(AWSErrorMapper.retryable(code: nil, status: 429))
        XCTAssertFalse(AWSErrorMapper.retryable(code: "NoSuchKey", status: 404))
        XCTAssertFalse(AWSErrorMapper.retryable(code: "AccessDenied", status: 403))
    }
}
