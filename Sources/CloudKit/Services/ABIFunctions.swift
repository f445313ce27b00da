import CCloudKitABI
import CloudKitABI

/// `Functions` over a provider's `ck_functions_v1` table: requests are
/// written and results read with the functions codecs of `CloudKitABI`. A
/// completion with CK_ERR_FUNCTION_ERROR and a result is a function that ran
/// and failed: it returns normally with `functionError` set.
final class ABIFunctions: Functions {
    private let client: ClientHandle

    init(client: ClientHandle) {
        self.client = client
    }

    /// The entry `path` of the table, and the open client; `unsupported` when absent.
    private func entry<Entry>(_ path: KeyPath<ck_functions_v1, Entry?>, _ name: String) throws(CloudError) -> (Entry, OpaquePointer) {
        try client.entry(client.library.functions, path, service: "functions", name: name)
    }

    /// The completion of `invoke`.
    private static let invokeCallback: ck_invoke_fn = { userData, status, result in
        ABICompletion<InvokeResult>.finish(userData, Result { () throws(CloudError) in try InvokeResultCodec.read(status, result) })
    }

    /// The completion of `get_function`.
    private static let infoCallback: ck_function_info_fn = { userData, status, info in
        if let error = ABIStatus.error(status) {
            ABICompletion<FunctionInfo>.finish(userData, .failure(error))
        } else {
            ABICompletion<FunctionInfo>.finish(userData, Result { () throws(CloudError) in try FunctionInfoCodec.read(info) })
        }
    }

    /// The completion of `list_functions`.
    private static let pageCallback: ck_functions_fn = { userData, status, list, count, next in
        if let error = ABIStatus.error(status) {
            ABICompletion<FunctionPage>.finish(userData, .failure(error))
        } else {
            ABICompletion<FunctionPage>.finish(userData, Result { () throws(CloudError) in try FunctionInfoCodec.read(list, count, next) })
        }
    }

    func invoke(_ request: InvokeRequest) async throws(CloudError) -> InvokeResult {
        let (entry, client) = try entry(\.invoke, "invoke")
        let arena = CArena()
        let call = InvokeRequestCodec.write(request, arena)
        return try await ABICompletion<InvokeResult>.perform(cancellingWith: self.client, keepAlive: [arena]) { userData in
            withUnsafePointer(to: call) { entry(client, $0, Self.invokeCallback, userData) }
        }
    }

    func getFunction(_ function: String, qualifier: String?) async throws(CloudError) -> FunctionInfo {
        let (entry, client) = try entry(\.get_function, "get_function")
        let arena = CArena()
        let qualifierText = arena.string(qualifier)
        return try await ABICompletion<FunctionInfo>.perform(cancellingWith: self.client, keepAlive: [arena]) {
            entry(client, function, qualifierText, Self.infoCallback, $0)
        }
    }

    func listFunctions(pageToken: String?, maxItems: Int?) async throws(CloudError) -> FunctionPage {
        let (entry, client) = try entry(\.list_functions, "list_functions")
        let arena = CArena()
        let token = arena.string(pageToken)
        let limit = Int32(clamping: maxItems ?? 0)
        return try await ABICompletion<FunctionPage>.perform(cancellingWith: self.client, keepAlive: [arena]) {
            entry(client, token, limit, Self.pageCallback, $0)
        }
    }
}
