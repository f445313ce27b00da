import CCloudKitABI
import CloudKitModel

/// `ck_kv_scan_request` ↔ `ScanRequest` (scan).
public enum ScanRequestCodec {
    /// Host side: the request in `arena`; a limit that is not positive is refused.
    public static func write(_ request: ScanRequest, _ arena: CArena) throws(CloudError) -> ck_kv_scan_request {
        var c = ck_kv_scan_request()
        c.struct_size = MemoryLayout<ck_kv_scan_request>.size
        c.table = arena.string(request.table)
        c.limit = try KVPageLimit.write(request.limit)
        c.page_token = arena.string(request.pageToken)
        return c
    }

    /// Provider side: a copy of the host's request.
    public static func read(_ pointer: UnsafePointer<ck_kv_scan_request>?) throws(CloudError) -> ScanRequest {
        let c = try ABIStruct.read(pointer, "scan request")
        try ABIOptions.refuseAll(c.options, c.option_count, operation: "scan")
        return ScanRequest(table: try ABIInput.string(c.table, "table"), limit: try KVPageLimit.read(c.limit),
                           pageToken: try ABIInput.optionalString(c.page_token, "page_token"))
    }
}
