import CCloudKitABI
import CloudKitModel

/// The one codec of `ck_status`: a `CloudError` (or success) written for a
/// callback, and read back by the host.
public enum ABIStatus {
    /// The status of a success: one status, made once and never freed, for
    /// every success (a callback only reads it, through `const ck_status *`),
    /// so a completion allocates nothing for it. `arena` is not used.
    public static func ok(_ arena: CArena) -> UnsafeMutablePointer<ck_status> {
        success
    }

    /// The one status of every success (see `ok`).
    public nonisolated(unsafe) static let success: UnsafeMutablePointer<ck_status> = {
        let status = UnsafeMutablePointer<ck_status>.allocate(capacity: 1)
        status.initialize(to: ck_status(
            struct_size: MemoryLayout<ck_status>.size, kind: Int32(CK_OK.rawValue), http_status: 0, retryable: 0,
            code: nil, message: nil, request_id: nil, details_json: nil))
        return status
    }()

    /// The status of a failure, with every detail of `error`, for a reader of
    /// the agreed minor (a kind newer than it is written as `internal`).
    public static func failure(_ error: CloudError, _ arena: CArena, minor: UInt32 = ABIAgreement.minor) -> UnsafeMutablePointer<ck_status> {
        arena.value(ck_status(
            struct_size: MemoryLayout<ck_status>.size, kind: ABIAgreement.kind(error.kind, forMinor: minor),
            http_status: Int32(clamping: error.httpStatus ?? 0), retryable: error.retryable ? 1 : 0,
            code: arena.string(error.code), message: arena.string(error.message),
            request_id: arena.string(error.requestID), details_json: arena.string(error.detailsJSON)))
    }

    /// The status for `result`.
    public static func of<T>(_ result: Result<T, CloudError>, _ arena: CArena) -> UnsafeMutablePointer<ck_status> {
        switch result {
        case .success: ok(arena)
        case .failure(let error): failure(error, arena)
        }
    }

    /// The error a status describes, or nil for `CK_OK`. A NULL or malformed
    /// status is `internal`; a kind this side does not know is `internal`
    /// with the provider's code kept (rule 2d).
    public static func error(_ status: UnsafePointer<ck_status>?) -> CloudError? {
        let value: ck_status
        do throws(CloudError) {
            value = try ABIStruct.read(status, "the completion's status")
        } catch {
            return .internal("the provider completed with a bad status: \(error.message)")
        }
        guard value.kind != Int32(CK_OK.rawValue) else { return nil }
        let kind = CloudErrorKind(rawValue: value.kind) ?? .internal
        let text = { (pointer: UnsafePointer<CChar>?) in pointer.map { String(cString: $0) } }
        var message = text(value.message) ?? "\(kind)"
        if CloudErrorKind(rawValue: value.kind) == nil { message = "(unknown kind \(value.kind)) " + message }
        return CloudError(
            kind, message, code: text(value.code), httpStatus: value.http_status == 0 ? nil : Int(value.http_status),
            requestID: text(value.request_id), retryable: value.retryable != 0, detailsJSON: text(value.details_json))
    }
}
