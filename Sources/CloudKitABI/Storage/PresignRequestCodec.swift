import CCloudKitABI
import CloudKitModel

/// `ck_presign_request` ↔ `PresignRequest`.
public enum PresignRequestCodec {
    /// Host side: the request in `arena`.
    public static func write(_ request: PresignRequest, _ arena: CArena) -> ck_presign_request {
        var c = ck_presign_request()
        c.struct_size = MemoryLayout<ck_presign_request>.size
        c.bucket = arena.string(request.bucket)
        c.key = arena.string(request.key)
        c.method = arena.string(request.method.rawValue)
        c.expires_seconds = request.expiresSeconds
        return c
    }

    /// Provider side: a copy of the host's request.
    public static func read(_ pointer: UnsafePointer<ck_presign_request>?) throws(CloudError) -> PresignRequest {
        let c = try ABIStruct.read(pointer, "presign request")
        let methodText = try ABIInput.string(c.method, "method").uppercased()
        guard let method = PresignMethod(rawValue: methodText) else {
            throw .invalidArgument("method must be GET or PUT, not '\(methodText)'")
        }
        try ABIOptions.refuseAll(c.options, c.option_count, operation: "presign")
        return PresignRequest(
            bucket: try ABIInput.string(c.bucket, "bucket"), key: try ABIInput.string(c.key, "key"), method: method,
            expiresSeconds: c.expires_seconds)
    }
}
