import CCloudKitABI
import CloudKitModel
import Foundation

/// `ck_invoke_result` (with its status) ↔ `InvokeResult`. A function that
/// ran and failed (`functionError` set) completes with
/// `CK_ERR_FUNCTION_ERROR` *and* the result, its error payload; every other
/// failure has no result.
public enum InvokeResultCodec {
    /// Provider side: the status and result for the callback, in `arena`.
    public static func write(
        _ result: Result<InvokeResult, CloudError>, _ arena: CArena
    ) -> (UnsafeMutablePointer<ck_status>, UnsafePointer<ck_invoke_result>?) {
        guard case .success(let value) = result else { return (ABIStatus.of(result, arena), nil) }
        let status = value.functionError.map { kind in
            ABIStatus.failure(CloudError(.functionError, "the function failed (\(kind))", code: kind), arena)
        } ?? ABIStatus.ok(arena)
        var c = ck_invoke_result()
        c.struct_size = ck_invoke_result.size(forMinor: ABIAgreement.minor)
        c.status_code = Int32(clamping: value.statusCode)
        c.payload = UnsafePointer(arena.array(Array(value.payload)))
        c.payload_length = value.payload.count
        c.function_error = arena.string(value.functionError)
        c.executed_version = arena.string(value.executedVersion)
        c.log_tail = arena.string(value.logTail)
        return (status, UnsafePointer(arena.value(c)))
    }

    /// Host side: what the completion means. A function error with a result
    /// returns normally with `functionError` set (the result's, else the
    /// status code, else "Unhandled"); any other failure throws, and a
    /// missing or malformed result is `internal`.
    public static func read(_ status: UnsafePointer<ck_status>?, _ pointer: UnsafePointer<ck_invoke_result>?) throws(CloudError) -> InvokeResult {
        let error = ABIStatus.error(status)
        if let error, error.kind != .functionError || pointer == nil { throw error }
        return try ABIResult.read("invoke result") { () throws(CloudError) in
            let c = try ABIStruct.read(pointer, "result", unknownTail: .ignore)
            let functionError = try ABIInput.optionalString(c.function_error, "function_error")
            return InvokeResult(
                statusCode: Int(c.status_code), payload: Data(try ABIInput.bytes(c.payload, c.payload_length, "payload")),
                functionError: functionError ?? error.map { $0.code ?? "Unhandled" },
                executedVersion: try ABIInput.optionalString(c.executed_version, "executed_version"),
                logTail: try ABIInput.optionalString(c.log_tail, "log_tail"))
        }
    }
}
