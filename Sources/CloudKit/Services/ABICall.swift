import CCloudKitABI
import Foundation
import CloudKitModel
import CloudKitABI

/// Turns one asynchronous ABI call into `async` Swift: the callback's
/// `user_data` names the `ABICompletion` in `CallRegistry`, which lets it go
/// when the call completes, so a second completion finds nothing.
///
/// A call the provider answers before it returns (a local get whose bytes
/// are in the kernel's caches, say: ABI rule 5 lets a completion run on the
/// calling thread) is returned at once: the task neither suspends nor
/// installs a cancellation handler. Only a call still running when the
/// entry returns waits on a continuation.
final class ABICompletion<Value: Sendable>: @unchecked Sendable {
    /// Where the call stands; guarded by `lock`.
    private enum Phase {
        /// The provider has the call and has not completed it.
        case running
        /// Completed before the host began to wait: the result waits for the host.
        case answered(Result<Value, CloudError>)
        /// The host waits on `continuation`.
        case waiting(CheckedContinuation<Result<Value, CloudError>, Never>)
        /// The result has gone to the host.
        case delivered
    }

    private let lock = NSLock()
    private var phase = Phase.running
    /// Objects that must outlive the call (reader/writer contexts); set before the call starts.
    let keepAlive: [AnyObject]

    private init(keepAlive: [AnyObject]) {
        self.keepAlive = keepAlive
    }

    /// Starts a call: `start` receives the `user_data` to pass to the provider.
    /// With `client`, cancelling the calling task cancels the call through
    /// `ck_provider.cancel` (when the provider has it); the call still
    /// completes, with `cancelled` unless it finished first. A stray
    /// completion is counted against `client`.
    static func perform(
        cancellingWith client: ClientHandle? = nil, keepAlive: [AnyObject] = [], _ start: (UnsafeMutableRawPointer) -> Void
    ) async throws(CloudError) -> Value {
        let completion = ABICompletion(keepAlive: keepAlive)
        guard let userData = CallRegistry.register(completion, owner: client?.serial ?? 0) else {
            throw .internal("the host could not number a call")
        }
        start(userData)
        if let early = completion.takeEarlyResult() { return try early.get() }
        // Still running: wait for the completion. A task cancelled before
        // this point has its handler run at once, so the cancel still reaches
        // the provider.
        let token = UInt(bitPattern: userData)  // a number, which a cancellation handler may hold
        let result = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in completion.wait(continuation) }
        } onCancel: {
            if let userData = UnsafeMutableRawPointer(bitPattern: token) { client?.cancel(userData) }
        }
        return try result.get()
    }

    /// The result, when the call completed before the host began to wait.
    private func takeEarlyResult() -> Result<Value, CloudError>? {
        lock.lock()
        defer { lock.unlock() }
        guard case .answered(let result) = phase else { return nil }
        phase = .delivered
        return result
    }

    /// Waits on `continuation`, or resumes it at once when the result is already here.
    private func wait(_ continuation: CheckedContinuation<Result<Value, CloudError>, Never>) {
        lock.lock()
        guard case .answered(let result) = phase else {
            phase = .waiting(continuation)
            lock.unlock()
            return
        }
        phase = .delivered
        lock.unlock()
        continuation.resume(returning: result)
    }

    /// Hands `result` to the host: to its continuation when it waits, else
    /// kept for it. (The registry gives each call to one completion only.)
    private func deliver(_ result: Result<Value, CloudError>) {
        lock.lock()
        guard case .waiting(let continuation) = phase else {
            phase = .answered(result)
            lock.unlock()
            return
        }
        phase = .delivered
        lock.unlock()
        continuation.resume(returning: result)
    }

    /// Called from a provider callback: resumes the waiting task, only for
    /// the first completion of a call in flight (a stray one is counted and ignored).
    static func finish(_ userData: UnsafeMutableRawPointer?, _ result: Result<Value, CloudError>) {
        CallRegistry.take(userData, as: ABICompletion<Value>.self)?.deliver(result)
    }

    /// As `finish`, building the result from the call's `keepAlive` objects
    /// (its body callbacks, say) while the callback's arguments are valid;
    /// nothing is built for a stray completion.
    static func finish(_ userData: UnsafeMutableRawPointer?, _ make: ([AnyObject]) -> Result<Value, CloudError>) {
        guard let completion = CallRegistry.take(userData, as: ABICompletion<Value>.self) else { return }
        completion.deliver(make(completion.keepAlive))
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
