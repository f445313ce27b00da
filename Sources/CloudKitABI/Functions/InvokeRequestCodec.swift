import CCloudKitABI
import CloudKitModel
import Foundation

/// `ck_invoke_request` ↔ `InvokeRequest`.
public enum InvokeRequestCodec {
    /// Host side: the request in `arena`; the payload is copied there.
    public static func write(_ request: InvokeRequest, _ arena: CArena) -> ck_invoke_request {
        var c = ck_invoke_request()
        c.struct_size = MemoryLayout<ck_invoke_request>.size
        c.function = arena.string(request.function)
        c.qualifier = arena.string(request.qualifier)
        c.payload = UnsafePointer(arena.array(Array(request.payload)))
        c.payload_length = request.payload.count
        c.invocation_type = request.type.rawValue
        c.log_tail = request.logTail ? 1 : 0
        return c
    }

    /// Provider side: a copy of the host's request; it takes no options, and
    /// an invocation type the header does not define is `invalid argument`.
    public static func read(_ pointer: UnsafePointer<ck_invoke_request>?) throws(CloudError) -> InvokeRequest {
        let c = try ABIStruct.read(pointer, "request")
        try ABIOptions.refuseAll(c.options, c.option_count, operation: "invoke")
        guard let type = InvocationType(rawValue: c.invocation_type) else {
            throw .invalidArgument("invocation_type \(c.invocation_type) is not a ck_invocation_type")
        }
        return InvokeRequest(
            function: try ABIInput.string(c.function, "function"), qualifier: try ABIInput.optionalString(c.qualifier, "qualifier"),
            payload: Data(try ABIInput.bytes(c.payload, c.payload_length, "payload")), type: type, logTail: c.log_tail != 0)
    }
}
