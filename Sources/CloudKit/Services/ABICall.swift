import CCloudKitABI
import CloudKitCInterop
import Synchronization

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
    /// With `client`, cancelling the calling task cancels the call through
    /// `ck_provider.cancel` (when the provider has it); the call still
    /// completes, with `cancelled` unless it finished first.
    static func perform(
        cancellingWith client: ClientHandle? = nil, keepAlive: [AnyObject] = [], _ start: (UnsafeMutableRawPointer) -> Void
    ) async throws(CloudError) -> Value {
        let pending = PendingCall()
        let result = await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Result<Value, CloudError>, Never>) in
                let completion = ABICompletion(continuation)
                completion.keepAlive = keepAlive
                let userData = Unmanaged.passRetained(completion).toOpaque()
                pending.begin(userData, holding: completion)
                start(userData)
                // Cancelled before the provider knew the call: cancel it now.
                if Task.isCancelled { client?.cancel(userData) }
            }
        } onCancel: {
            if let userData = pending.userData { client?.cancel(userData) }
        }
        // `pending` holds the completion until here, so its address (the
        // `user_data`) cannot be reused for another call while a cancel may name it.
        withExtendedLifetime(pending) {}
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

/// The `user_data` of a call in progress, for the cancellation handler, and
/// a strong reference that keeps it from being reused until the call is over.
final class PendingCall: Sendable {
    private let state = Mutex<(pointer: UInt, holder: AnyObject?)>((0, nil))

    /// Records the call's `user_data` and the object behind it.
    func begin(_ userData: UnsafeMutableRawPointer, holding holder: AnyObject) {
        state.withLock { $0 = (UInt(bitPattern: userData), holder) }
    }

    /// The call's `user_data` once it has begun.
    var userData: UnsafeMutableRawPointer? {
        UnsafeMutableRawPointer(bitPattern: state.withLock { $0.pointer })
    }
}
