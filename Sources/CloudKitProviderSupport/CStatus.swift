import CCloudKitABI
import CloudKitCInterop
import CloudKitModel

/// Builds the `ck_status` handed to a callback.
enum CStatus {
    /// The status of a success.
    static func ok(_ arena: CArena) -> UnsafeMutablePointer<ck_status> {
        arena.value(ck_status(
            struct_size: MemoryLayout<ck_status>.size, kind: Int32(CK_OK.rawValue), http_status: 0, retryable: 0,
            code: nil, message: nil, request_id: nil, details_json: nil))
    }

    /// The status of a failure, with every detail of `error`.
    static func failure(_ error: CloudError, _ arena: CArena) -> UnsafeMutablePointer<ck_status> {
        arena.value(ck_status(
            struct_size: MemoryLayout<ck_status>.size, kind: error.kind.rawValue, http_status: Int32(error.httpStatus ?? 0),
            retryable: error.retryable ? 1 : 0, code: arena.string(error.code), message: arena.string(error.message),
            request_id: arena.string(error.requestID), details_json: arena.string(error.detailsJSON)))
    }

    /// The status for `result`.
    static func of<T>(_ result: Result<T, CloudError>, _ arena: CArena) -> UnsafeMutablePointer<ck_status> {
        switch result {
        case .success: ok(arena)
        case .failure(let error): failure(error, arena)
        }
    }
}
