import CCloudKitABI
import CloudKitABI
import CloudKitModel

/// The provider's `ck_functions_v1` table: each entry reads its C input with
/// the functions codecs, runs the client's `Functions` method, and writes the
/// result for the callback. Nothing but dispatch lives here (a function that
/// ran and failed is written by `InvokeResultCodec`).
enum FunctionsTable {
    typealias Client = OpaquePointer?
    typealias UserData = UnsafeMutableRawPointer?
    typealias CString = UnsafePointer<CChar>?

    /// Immutable after its one-time initialisation, so sharing it is safe.
    static let table = ck_functions_v1(
        struct_size: MemoryLayout<ck_functions_v1>.size, invoke: invoke, get_function: getFunction, list_functions: listFunctions)

    static let invoke: @convention(c) (Client, UnsafePointer<ck_invoke_request>?, ck_invoke_fn?, UserData) -> Void = { client, request, callback, userData in
        let captured = UncheckedSendable((callback, userData))
        ProviderCall.start(client, .functions, key: userData, entry: "functions.invoke", parse: { () throws(CloudError) in try InvokeRequestCodec.read(request) },
                           operation: { box, request throws(CloudError) in try await box.functions().invoke(request) },
                           deliver: { result in
                               let arena = CArena()
                               let (status, value) = InvokeResultCodec.write(result, arena)
                               captured.value.0?(captured.value.1, status, value)
                           })
    }

    static let getFunction: @convention(c) (Client, CString, CString, ck_function_info_fn?, UserData) -> Void = {
        client, function, qualifier, callback, userData in
        let captured = UncheckedSendable((callback, userData))
        ProviderCall.start(client, .functions, key: userData, entry: "functions.get_function",
                           parse: { () throws(CloudError) in (try ABIInput.string(function, "function"), try ABIInput.optionalString(qualifier, "qualifier")) },
                           operation: { box, input throws(CloudError) in try await box.functions().getFunction(input.0, qualifier: input.1) },
                           deliver: { result in
                               let arena = CArena()
                               captured.value.0?(captured.value.1, ABIStatus.of(result, arena), (try? result.get()).map { FunctionInfoCodec.write($0, arena) })
                           })
    }

    static let listFunctions: @convention(c) (Client, CString, Int32, ck_functions_fn?, UserData) -> Void = { client, token, maxItems, callback, userData in
        let captured = UncheckedSendable((callback, userData))
        ProviderCall.start(client, .functions, key: userData, entry: "functions.list_functions",
                           parse: { () throws(CloudError) in (try ABIInput.optionalString(token, "page_token"), maxItems == 0 ? nil : Int(maxItems)) },
                           operation: { box, input throws(CloudError) in try await box.functions().listFunctions(pageToken: input.0, maxItems: input.1) },
                           deliver: { result in
                               let arena = CArena()
                               let (list, count, next) = (try? result.get()).map { FunctionInfoCodec.write($0, arena) } ?? (nil, 0, nil)
                               captured.value.0?(captured.value.1, ABIStatus.of(result, arena), list, count, next)
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
