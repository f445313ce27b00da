import CCloudKitABI
import CloudKitModel
import CloudKitABI
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

/// The completions the host passes for results every service shares.
enum ABICallbacks {
    static let done: ck_done_fn = { userData, status in
        ABICompletion<Void>.finish(userData, ABIStatus.error(status).map { .failure($0) } ?? .success(()))
    }

    static let string: ck_string_fn = { userData, status, value in
        if let error = ABIStatus.error(status) {
            ABICompletion<String>.finish(userData, .failure(error))
        } else {
            ABICompletion<String>.finish(userData, Result { () throws(CloudError) in try ABIInput.string(value, "the result") })
        }
    }

    static let resources: ck_resources_fn = { userData, status, resources, count, token in
        if let error = ABIStatus.error(status) {
            ABICompletion<ResourcePage>.finish(userData, .failure(error))
        } else {
            ABICompletion<ResourcePage>.finish(userData, Result { () throws(CloudError) in try ResourceListingCodec.read(resources, count, token) })
        }
    }
}

extension ClientHandle {
    /// The entry at `path` of a service table copy, with the open client;
    /// `unsupported` naming the service or entry when the provider lacks it.
    func entry<Table, Entry>(_ table: Table?, _ path: KeyPath<Table, Entry?>, service: String, name: String) throws(CloudError) -> (Entry, OpaquePointer) {
        guard let table else { throw CloudError(.unsupported, "provider \(library.name) has no \(service)") }
        guard let entry = table[keyPath: path] else {
            throw CloudError(.unsupported, "provider \(library.name) (ABI \(library.abiMajor).\(library.abiMinor)) does not support \(name)")
        }
        return (entry, try current())
    }

    /// Lists one page of resources through a `list_*` entry (ABI 1.3).
    func listResources(
        _ entry: @convention(c) (OpaquePointer?, UnsafePointer<ck_list_request>?, ck_resources_fn?, UnsafeMutableRawPointer?) -> Void,
        _ client: OpaquePointer, _ request: ListResourcesRequest
    ) async throws(CloudError) -> ResourcePage {
        try request.validate()
        let arena = CArena()
        let call = ResourceListingCodec.write(request, arena)
        return try await ABICompletion<ResourcePage>.perform(cancellingWith: self, keepAlive: [arena]) { userData in
            withUnsafePointer(to: call) { entry(client, $0, ABICallbacks.resources, userData) }
        }
    }
}

/// The `user_data` of a call in progress, for the cancellation handler, and
/// a strong reference that keeps it from being reused until the call is over.
final class PendingCall: Sendable {
    private let state = Locked<(pointer: UInt, holder: AnyObject?)>((0, nil))

    /// Records the call's `user_data` and the object behind it.
    func begin(_ userData: UnsafeMutableRawPointer, holding holder: AnyObject) {
        state.withLock { $0 = (UInt(bitPattern: userData), holder) }
    }

    /// The call's `user_data` once it has begun.
    var userData: UnsafeMutableRawPointer? {
        UnsafeMutableRawPointer(bitPattern: state.withLock { $0.pointer })
    }
}
