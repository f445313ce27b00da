import CCloudKitABI
import CloudKitABI
import Foundation

/// `Functions` over a provider's `ck_functions_v1` table. A completion with
/// CK_ERR_FUNCTION_ERROR and a result is a function that ran and failed: it
/// returns normally with `functionError` set.
final class ABIFunctions: Functions {
    private let client: ClientHandle

    init(client: ClientHandle) {
        self.client = client
    }

    /// The entry `path` of the table, and the open client; `unsupported` when absent.
    private func entry<Entry>(_ path: KeyPath<ck_functions_v1, Entry?>, _ name: String) throws(CloudError) -> (Entry, OpaquePointer) {
        try client.entry(client.library.functions, path, service: "functions", name: name)
    }

    static func info(_ c: ck_function_info) -> FunctionInfo {
        FunctionInfo(
            name: CText.string(c.name) ?? "", arn: CText.string(c.arn) ?? "", runtime: CText.string(c.runtime), handler: CText.string(c.handler),
            memoryMB: c.memory_mb == 0 ? nil : Int(c.memory_mb), timeoutSeconds: c.timeout_seconds == 0 ? nil : Int(c.timeout_seconds),
            lastModified: CText.string(c.last_modified), state: CText.string(c.state))
    }

    static let invokeCallback: ck_invoke_fn = { userData, status, result in
        let error = ABIStatus.error(status)
        if let error, error.kind != .functionError || result == nil {
            ABICompletion<InvokeResult>.finish(userData, .failure(error))
            return
        }
        guard let c = result?.pointee else {
            ABICompletion<InvokeResult>.finish(userData, .failure(.internal("invoke completed without a result")))
            return
        }
        ABICompletion<InvokeResult>.finish(userData, .success(InvokeResult(
            statusCode: Int(c.status_code), payload: c.payload.map { Data(bytes: $0, count: c.payload_length) } ?? Data(),
            functionError: CText.string(c.function_error) ?? error?.code ?? (error == nil ? nil : "Unhandled"),
            executedVersion: CText.string(c.executed_version), logTail: CText.string(c.log_tail))))
    }

    func invoke(_ request: InvokeRequest) async throws(CloudError) -> InvokeResult {
        let (entry, client) = try entry(\.invoke, "invoke")
        let arena = CArena()
        let payload = arena.array(Array(request.payload))
        let call = ck_invoke_request(
            struct_size: MemoryLayout<ck_invoke_request>.size, function: arena.string(request.function), qualifier: arena.string(request.qualifier),
            payload: UnsafePointer(payload), payload_length: request.payload.count, invocation_type: request.type.rawValue,
            log_tail: request.logTail ? 1 : 0, options: nil, option_count: 0)
        return try await ABICompletion<InvokeResult>.perform(cancellingWith: self.client, keepAlive: [arena]) { userData in
            withUnsafePointer(to: call) { entry(client, $0, Self.invokeCallback, userData) }
        }
    }

    func getFunction(_ function: String, qualifier: String?) async throws(CloudError) -> FunctionInfo {
        let (entry, client) = try entry(\.get_function, "get_function")
        let arena = CArena()
        let qualifierText = arena.string(qualifier)
        return try await ABICompletion<FunctionInfo>.perform(cancellingWith: self.client, keepAlive: [arena]) { userData in
            entry(client, function, qualifierText, { userData, status, info in
                if let error = ABIStatus.error(status) {
                    ABICompletion<FunctionInfo>.finish(userData, .failure(error))
                } else if let info = info?.pointee {
                    ABICompletion<FunctionInfo>.finish(userData, .success(ABIFunctions.info(info)))
                } else {
                    ABICompletion<FunctionInfo>.finish(userData, .failure(.internal("get_function completed without the function")))
                }
            }, userData)
        }
    }

    func listFunctions(pageToken: String?, maxItems: Int?) async throws(CloudError) -> FunctionPage {
        let (entry, client) = try entry(\.list_functions, "list_functions")
        let arena = CArena()
        let token = arena.string(pageToken)
        let limit = Int32(clamping: maxItems ?? 0)
        return try await ABICompletion<FunctionPage>.perform(cancellingWith: self.client, keepAlive: [arena]) { userData in
            entry(client, token, limit, { userData, status, list, count, next in
                if let error = ABIStatus.error(status) {
                    ABICompletion<FunctionPage>.finish(userData, .failure(error))
                    return
                }
                var functions: [FunctionInfo] = []
                for index in 0..<count {
                    if let info = list?[index]?.pointee { functions.append(ABIFunctions.info(info)) }
                }
                ABICompletion<FunctionPage>.finish(userData, .success(FunctionPage(functions: functions, nextPageToken: CText.string(next))))
            }, userData)
        }
    }
}
