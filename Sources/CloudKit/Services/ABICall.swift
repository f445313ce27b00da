import CCloudKitABI
import CloudKitCInterop

/// Turns one asynchronous ABI call into `async` Swift: the callback's
/// `user_data` is a retained `ABICompletion`, released when it fires.
final class ABICompletion<Value: Sendable>: @unchecked Sendable {
    private let continuation: CheckedContinuation<Result<Value, CloudError>, Never>
    /// Objects that must outlive the call (reader/writer contexts).
    var keepAlive: [AnyObject] = []

    init(_ continuation: CheckedContinuation<Result<Value, CloudError>, Never>) {
        self.continuation = continuation
    }

    /// Starts a call: `start` receives the `user_data` to pass to the provider.
    static func perform(keepAlive: [AnyObject] = [], _ start: (UnsafeMutableRawPointer) -> Void) async throws(CloudError) -> Value {
        let result = await withCheckedContinuation { (continuation: CheckedContinuation<Result<Value, CloudError>, Never>) in
            let completion = ABICompletion(continuation)
            completion.keepAlive = keepAlive
            start(Unmanaged.passRetained(completion).toOpaque())
        }
        return try result.get()
    }

    /// Called from a provider callback: resumes the waiting task exactly once.
    static func finish(_ userData: UnsafeMutableRawPointer?, _ result: Result<Value, CloudError>) {
        guard let userData else { return }
        Unmanaged<ABICompletion<Value>>.fromOpaque(userData).takeRetainedValue().continuation.resume(returning: result)
    }
}

extension CloudError {
    /// The error a non-OK `ck_status` describes, or nil for OK.
    init?(status: UnsafePointer<ck_status>?) {
        guard let status else {
            self.init(.internal, "the provider completed without a status")
            return
        }
        let value = status.pointee
        guard value.kind != Int32(CK_OK.rawValue) else { return nil }
        let kind = CloudErrorKind(rawValue: value.kind) ?? .internal
        self.init(
            kind, value.message.map { String(cString: $0) } ?? "\(kind)", code: value.code.map { String(cString: $0) },
            httpStatus: value.http_status == 0 ? nil : Int(value.http_status),
            requestID: value.request_id.map { String(cString: $0) }, retryable: value.retryable != 0,
            detailsJSON: value.details_json.map { String(cString: $0) })
    }
}

/// C strings → Swift, for reading provider results.
enum CText {
    static func string(_ pointer: UnsafePointer<CChar>?) -> String? { pointer.map { String(cString: $0) } }
}
