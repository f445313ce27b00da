import CCloudKitABI
import CloudKitModel
import CloudKitABI
import Synchronization

/// Turns one asynchronous ABI call into `async` Swift: the callback's
/// `user_data` names the `ABICompletion` in `CallRegistry`, which lets it go
/// when the call completes, so a second completion finds nothing.
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
    /// completes, with `cancelled` unless it finished first. A stray
    /// completion is counted against `client`.
    static func perform(
        cancellingWith client: ClientHandle? = nil, keepAlive: [AnyObject] = [], _ start: (UnsafeMutableRawPointer) -> Void
    ) async throws(CloudError) -> Value {
        let pending = PendingCall()
        let result = await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Result<Value, CloudError>, Never>) in
                let completion = ABICompletion(continuation)
                completion.keepAlive = keepAlive
                guard let userData = CallRegistry.register(completion, owner: client?.serial ?? 0) else {
                    continuation.resume(returning: .failure(.internal("the host could not number a call")))
                    return
                }
                pending.begin(userData)
                start(userData)
                // Cancelled before the provider knew the call: cancel it now.
                if Task.isCancelled { client?.cancel(userData) }
            }
        } onCancel: {
            if let userData = pending.userData { client?.cancel(userData) }
        }
        return try result.get()
    }

    /// Called from a provider callback: resumes the waiting task, only for
    /// the first completion of a call in flight (a stray one is counted and ignored).
    static func finish(_ userData: UnsafeMutableRawPointer?, _ result: Result<Value, CloudError>) {
        CallRegistry.take(userData, as: ABICompletion<Value>.self)?.continuation.resume(returning: result)
    }

    /// As `finish`, building the result from the call's `keepAlive` objects
    /// (its body callbacks, say) while the callback's arguments are valid;
    /// nothing is built for a stray completion.
    static func finish(_ userData: UnsafeMutableRawPointer?, _ make: ([AnyObject]) -> Result<Value, CloudError>) {
        guard let completion = CallRegistry.take(userData, as: ABICompletion<Value>.self) else { return }
        completion.continuation.resume(returning: make(completion.keepAlive))
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

/// The `user_data` of a call in progress, for the cancellation handler.
/// (A `user_data` is never reused, so a late cancel cannot name another call.)
final class PendingCall: Sendable {
    private let pointer = Locked<UInt>(0)

    /// Records the call's `user_data`.
    func begin(_ userData: UnsafeMutableRawPointer) {
        pointer.withLock { $0 = UInt(bitPattern: userData) }
    }

    /// The call's `user_data` once it has begun.
    var userData: UnsafeMutableRawPointer? {
        UnsafeMutableRawPointer(bitPattern: pointer.withLock { $0 })
    }
}
