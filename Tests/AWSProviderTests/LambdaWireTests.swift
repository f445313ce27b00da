import AWSHTTP
@testable import AWSProvider
import CloudKitModel
import Foundation
import Testing

/// Lambda's REST-JSON forms: error headers, configurations, and unflagged error payloads.
@Suite("Lambda wire format")
struct LambdaWireTests {
    @Test("REST-JSON errors are named by the x-amzn-ErrorType header")
    func errorTypeHeader() {
        let response = HTTPResponse(
            status: 404, headers: [HTTPHeader("x-amzn-ErrorType", "ResourceNotFoundException:http://internal.amazon.com/coral/com.amazonaws.lambda/")],
            body: Data(#"{"Type":"User","Message":"Function not found: arn:aws:lambda:us-east-1:1:function:f"}"#.utf8))
        let error = AWSErrorMapper.error(from: response)
        #expect(error.kind == .notFound)
        #expect(error.code == "ResourceNotFoundException")
        #expect(error.message.hasPrefix("Function not found"))
        for (code, kind) in [("TooManyRequestsException", CloudErrorKind.throttled), ("InvalidRequestContentException", .invalidArgument),
                             ("RequestTooLargeException", .invalidArgument), ("ServiceException", .internal)] {
            let mapped = AWSErrorMapper.error(from: HTTPResponse(status: code == "ServiceException" ? 500 : 400, headers: [HTTPHeader("x-amzn-ErrorType", code)], body: Data("{}".utf8)))
            #expect(mapped.kind == kind, "\(code)")
        }
    }

    @Test("an unflagged Lambda error object counts as a handled function error; other payloads do not")
    func unflaggedErrors() {
        #expect(LambdaErrorPayload.kind(of: Data(#"{"errorMessage":"boom","errorType":"ValueError","stackTrace":[]}"#.utf8)) == "Handled")
        #expect(LambdaErrorPayload.kind(of: Data(#"{"errorMessage":"x","orderId":7}"#.utf8)) == nil)
        #expect(LambdaErrorPayload.kind(of: Data(#""errorMessage""#.utf8)) == nil)
        #expect(LambdaErrorPayload.kind(of: Data("not json".utf8)) == nil)
    }

    @Test("a function configuration maps to FunctionInfo")
    func configuration() throws {
        let json = try JSONValue.parse(#"{"FunctionName":"f","FunctionArn":"arn:aws:lambda:us-east-1:1:function:f","Runtime":"python3.12","Handler":"i.h","MemorySize":256,"Timeout":7,"LastModified":"2026-11-25T09:00:00.000+0000","State":"Active"}"#)
        #expect(LambdaClient.info(json) == FunctionInfo(
            name: "f", arn: "arn:aws:lambda:us-east-1:1:function:f", runtime: "python3.12", handler: "i.h", memoryMB: 256, timeoutSeconds: 7,
            lastModified: "2026-11-25T09:00:00.000+0000", state: "Active"))
        #expect(throws: CloudError.self) { try LambdaClient.validate("bad name/../x") }
        #expect(throws: Never.self) { try LambdaClient.validate("arn:aws:lambda:us-east-1:123456789012:function:f:$LATEST") }
    }
}
