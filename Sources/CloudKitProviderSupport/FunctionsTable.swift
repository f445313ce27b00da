import CCloudKitABI
import CloudKitABI
import CloudKitModel
import Foundation

/// The provider's `ck_functions_v1` table over the client's `Functions`.
/// A function that ran and failed completes with CK_ERR_FUNCTION_ERROR and
/// the result (its error payload) still given.
enum FunctionsTable {
    typealias Client = OpaquePointer?
    typealias UserData = UnsafeMutableRawPointer?
    typealias CString = UnsafePointer<CChar>?

    /// Immutable after its one-time initialisation, so sharing it is safe.
    nonisolated(unsafe) static let table = ck_functions_v1(
            struct_size: MemoryLayout<ck_functions_v1>.size, invoke: invoke, get_function: getFunction, list_functions: listFunctions)

    static func request(_ pointer: UnsafePointer<ck_invoke_request>?) throws(CloudError) -> InvokeRequest {
        let c = try ABIStruct.read(pointer, "request")
        try ABIOptions.refuseAll(c.options, c.option_count, operation: "invoke")
        guard let type = InvocationType(rawValue: c.invocation_type) else {
            throw .invalidArgument("invocation_type \(c.invocation_type) is not a ck_invocation_type")
        }
        return InvokeRequest(
            function: try ABIInput.string(c.function, "function"), qualifier: try ABIInput.optionalString(c.qualifier, "qualifier"),
            payload: Data(try ABIInput.bytes(c.payload, c.payload_length, "payload")), type: type, logTail: c.log_tail != 0)
    }

    static func info(_ info: FunctionInfo, _ arena: CArena) -> UnsafePointer<ck_function_info> {
        UnsafePointer(arena.value(ck_function_info(
            struct_size: MemoryLayout<ck_function_info>.size, name: arena.string(info.name), arn: arena.string(info.arn),
            runtime: arena.string(info.runtime), handler: arena.string(info.handler), memory_mb: Int32(clamping: info.memoryMB ?? 0),
            timeout_seconds: Int32(clamping: info.timeoutSeconds ?? 0), last_modified: arena.string(info.lastModified),
            state: arena.string(info.state))))
    }

    static let invoke: @convention(c) (Client, UnsafePointer<ck_invoke_request>?, ck_invoke_fn?, UserData) -> Void = { client, request, callback, userData in
        let captured = UncheckedSendable((callback, userData))
        ProviderCall.start(client, key: userData, parse: { () throws(CloudError) in try FunctionsTable.request(request) },
                           operation: { box, request throws(CloudError) in try await box.functions().invoke(request) },
                           deliver: { result in
                               let arena = CArena()
                               guard case .success(let value) = result else {
                                   captured.value.0?(captured.value.1, ABIStatus.of(result, arena), nil)
                                   return
                               }
                               let status = value.functionError.map { kind in
                                   ABIStatus.failure(CloudError(.functionError, "the function failed (\(kind))", code: kind), arena)
                               } ?? ABIStatus.ok(arena)
                               let payload = arena.array(Array(value.payload))
                               let c = arena.value(ck_invoke_result(
                                   struct_size: MemoryLayout<ck_invoke_result>.size, status_code: Int32(clamping: value.statusCode),
                                   payload: UnsafePointer(payload), payload_length: value.payload.count,
                                   function_error: arena.string(value.functionError), executed_version: arena.string(value.executedVersion),
                                   log_tail: arena.string(value.logTail)))
                               captured.value.0?(captured.value.1, status, UnsafePointer(c))
                           })
    }

    static let getFunction: @convention(c) (Client, CString, CString, ck_function_info_fn?, UserData) -> Void = { client, function, qualifier, callback, userData in
        let captured = UncheckedSendable((callback, userData))
        ProviderCall.start(client, key: userData, parse: { () throws(CloudError) in (try ABIInput.string(function, "function"), try ABIInput.optionalString(qualifier, "qualifier")) },
                           operation: { box, input throws(CloudError) in try await box.functions().getFunction(input.0, qualifier: input.1) },
                           deliver: { result in
                               let arena = CArena()
                               captured.value.0?(captured.value.1, ABIStatus.of(result, arena), (try? result.get()).map { info($0, arena) })
                           })
    }

    static let listFunctions: @convention(c) (Client, CString, Int32, ck_functions_fn?, UserData) -> Void = { client, token, maxItems, callback, userData in
        let captured = UncheckedSendable((callback, userData))
        ProviderCall.start(client, key: userData, parse: { () throws(CloudError) in
                               (try ABIInput.optionalString(token, "page_token"), maxItems == 0 ? nil : Int(maxItems))
                           },
                           operation: { box, input throws(CloudError) in try await box.functions().listFunctions(pageToken: input.0, maxItems: input.1) },
                           deliver: { result in
                               let arena = CArena()
                               let page = try? result.get()
                               let list: [UnsafePointer<ck_function_info>?] = (page?.functions ?? []).map { info($0, arena) }
                               captured.value.0?(captured.value.1, ABIStatus.of(result, arena), UnsafePointer(arena.array(list)), list.count,
                                                 arena.string(page?.nextPageToken))
                           })
    }
}

extension ClientBox {
    /// The client's functions, or `unsupported`.
    func functions() throws(CloudError) -> any Functions {
        guard let functions = client.functions else { throw CloudError(.unsupported, "this provider has no functions") }
        return functions
    }
}
