import CCloudKitABI
import CloudKitABI
import CloudKitModel
import Foundation
import Testing

/// The functions codecs: requests and results round-trip, a function that
/// ran and failed travels as CK_ERR_FUNCTION_ERROR with its result, and
/// what the ABI forbids is refused by name.
@Suite("Functions codecs")
struct FunctionsCodecTests {
    /// Bytes that are not UTF-8, NULs included: payloads are binary.
    static let binary = Data([0, 1, 0xFF, 0xFE, 0x80, 0])

    @Test("invoke requests round-trip every invocation type, binary payloads and the log flag")
    func invokeRequestRoundTrip() throws {
        let arena = CArena()
        for request in [
            InvokeRequest(function: "f", qualifier: "live", payload: Self.binary, type: .requestResponse, logTail: true),
            InvokeRequest(function: "arn:aws:lambda:us-east-1:1:function:f", payload: Data(#"{"a":1}"#.utf8), type: .event),
            InvokeRequest(function: "f:1", type: .dryRun),
        ] {
            var c = InvokeRequestCodec.write(request, arena)
            #expect(try InvokeRequestCodec.read(&c) == request)
        }
    }

    @Test("an invoke request refuses a short struct, an unknown tail, NULL function, any option, an unknown type, a NULL payload with a length")
    func invokeRequestRefusals() throws {
        let arena = CArena()
        let valid = InvokeRequestCodec.write(InvokeRequest(function: "f", payload: Self.binary), arena)
        try RequestRefusals(
            valid: valid, required: \.function, requiredName: "function", options: \.options, optionCount: \.option_count,
            operation: "invoke", read: { _ = try InvokeRequestCodec.read($0) }
        ).check()
        var unknownType = valid
        unknownType.invocation_type = 7
        let type = #expect(throws: CloudError.self) { try InvokeRequestCodec.read(&unknownType) }
        #expect(type?.kind == .invalidArgument && type?.message.contains("invocation_type 7") == true)
        var hollow = valid
        hollow.payload = nil
        let payload = #expect(throws: CloudError.self) { try InvokeRequestCodec.read(&hollow) }
        #expect(payload?.message == "payload is NULL but its length is 6")
    }

    @Test("a successful invocation round-trips with an OK status")
    func invokeSuccess() throws {
        let arena = CArena()
        let result = InvokeResult(statusCode: 200, payload: Self.binary, executedVersion: "$LATEST", logTail: "START\nEND\n")
        let (status, c) = InvokeResultCodec.write(.success(result), arena)
        #expect(ABIStatus.error(status) == nil)
        #expect(try InvokeResultCodec.read(status, c) == result)
        let (eventStatus, event) = InvokeResultCodec.write(.success(InvokeResult(statusCode: 202)), arena)
        #expect(try InvokeResultCodec.read(eventStatus, event) == InvokeResult(statusCode: 202))
    }

    @Test("a function that ran and failed completes with CK_ERR_FUNCTION_ERROR and its result, read back as a result")
    func invokeFunctionError() throws {
        let arena = CArena()
        let payload = Data(#"{"errorMessage":"boom","errorType":"Error"}"#.utf8)
        let failed = InvokeResult(statusCode: 200, payload: payload, functionError: "Unhandled", executedVersion: "3")
        let (status, c) = InvokeResultCodec.write(.success(failed), arena)
        let error = try #require(ABIStatus.error(status))
        #expect(error.kind == .functionError && error.code == "Unhandled")
        #expect(c != nil)
        #expect(try InvokeResultCodec.read(status, c) == failed)

        // A provider that leaves function_error NULL: the status's code, else "Unhandled".
        let (handledStatus, handled) = InvokeResultCodec.write(.success(InvokeResult(statusCode: 200, functionError: "Handled")), arena)
        handled.map { UnsafeMutablePointer(mutating: $0).pointee.function_error = nil }
        #expect(try InvokeResultCodec.read(handledStatus, handled).functionError == "Handled")
        let bare = ABIStatus.failure(CloudError(.functionError, "failed"), arena)
        #expect(try InvokeResultCodec.read(bare, handled).functionError == "Unhandled")
    }

    @Test("any other failure has no result and throws; a function error without a result throws too")
    func invokeFailure() throws {
        let arena = CArena()
        let notFound = CloudError(.notFound, "no such function", code: "ResourceNotFoundException", httpStatus: 404)
        let (status, c) = InvokeResultCodec.write(.failure(notFound), arena)
        #expect(c == nil)
        #expect((#expect(throws: CloudError.self) { try InvokeResultCodec.read(status, c) }) == notFound)
        let functionError = CloudError(.functionError, "the function failed (Unhandled)", code: "Unhandled")
        let alone = ABIStatus.failure(functionError, arena)
        #expect((#expect(throws: CloudError.self) { try InvokeResultCodec.read(alone, nil) }) == functionError)
        let missing = #expect(throws: CloudError.self) { try InvokeResultCodec.read(ABIStatus.ok(arena), nil) }
        #expect(missing?.kind == .internal)
    }

    @Test("function info round-trips alone and as a page; unknown sizes travel as 0; NULL name is refused")
    func functionInfoRoundTrip() throws {
        let arena = CArena()
        let full = FunctionInfo(
            name: "f", arn: "arn:f", runtime: "python3.12", handler: "app.handler", memoryMB: 128, timeoutSeconds: 3,
            lastModified: "2024-01-01T00:00:00.000+0000", state: "Active")
        let bare = FunctionInfo(name: "g", arn: "arn:g")
        #expect(try FunctionInfoCodec.read(FunctionInfoCodec.write(full, arena)) == full)
        let written = FunctionInfoCodec.write(bare, arena)
        #expect(written.pointee.memory_mb == 0 && written.pointee.timeout_seconds == 0)
        #expect(try FunctionInfoCodec.read(written) == bare)
        let page = FunctionPage(functions: [full, bare], nextPageToken: "t")
        let (list, count, token) = FunctionInfoCodec.write(page, arena)
        #expect(try FunctionInfoCodec.read(list, count, token) == page)
        #expect(try FunctionInfoCodec.read(nil, 0, nil) == FunctionPage(functions: [], nextPageToken: nil))
        #expect((#expect(throws: CloudError.self) { try FunctionInfoCodec.read(nil) })?.kind == .internal)
        list?[1].map { UnsafeMutablePointer(mutating: $0).pointee.name = nil }
        let error = #expect(throws: CloudError.self) { try FunctionInfoCodec.read(list, count, token) }
        #expect(error?.kind == .internal)
        #expect(error?.message.contains("functions[1].name is required") == true)
    }
}
