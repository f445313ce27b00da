import CCloudKitABI
import CloudKitABI
import CloudKitModel
import Dispatch
import Synchronization

/// What a `ck_client *` points at: the provider's Swift client plus the
/// bookkeeping that makes close-cancels-everything and exactly-once
/// completion hold.
final class ClientBox: Sendable {
    let client: any ProviderClient
    /// What the provider declared it can do; per-call options are checked against it.
    let capabilities: ProviderCapabilities
    /// The client's log: `ck_host.log` until the host sets the client's own sink (ABI 1.5).
    let logger: ProviderLogger
    /// The client's storage as `ImmediateObjectReads`, when it is one (cast once, not per call).
    let immediateObjects: (any ImmediateObjectReads)?
    /// The client's tables as `ImmediateItemReads`, when they are.
    let immediateItems: (any ImmediateItemReads)?
    /// The client's tables as `ItemTextPages`, when they are.
    let itemTextPages: (any ItemTextPages)?
    /// The executor each service's calls prefer, by `ProviderService.rawValue`,
    /// from the client's `callPlacement(for:)` (nil: the Swift pool).
    private let executors: [(any TaskExecutor)?]

    /// A call in flight: its task once created (a task placed on the
    /// caller's thread runs, and may even finish, before `Task.init`
    /// returns), and whether it was cancelled before that.
    private struct Call {
        var task: Task<Void, Never>?
        var cancelRequested = false
    }

    private struct State {
        var closed = false
        var nextID: UInt64 = 0
        var inFlight: [UInt64: Call] = [:]
        /// The calls in flight for each host `user_data` other than NULL (`cancel` looks them up).
        var byKey: [UInt: [UInt64]] = [:]
        /// Calls being finished on their caller's thread (`finishImmediately`).
        var immediate = 0
    }

    private let state = Locked(State())
    /// Signalled each time an operation finishes; `close` waits on it.
    private let drained = DispatchSemaphore(value: 0)

    init(client: any ProviderClient, capabilities: ProviderCapabilities, logger: ProviderLogger) {
        self.client = client
        self.capabilities = capabilities
        self.logger = logger
        immediateObjects = client.storage as? any ImmediateObjectReads
        immediateItems = client.kv as? any ImmediateItemReads
        itemTextPages = client.kv as? any ItemTextPages
        executors = ProviderService.allCases.map { service in
            client.callPlacement(for: service) == .callerThread ? CallerThreadExecutor.shared : nil
        }
    }

    /// The box behind a `ck_client *`, or nil for NULL.
    static func from(_ pointer: OpaquePointer?) -> ClientBox? {
        guard let pointer else { return nil }
        return Unmanaged<ClientBox>.fromOpaque(UnsafeRawPointer(pointer)).takeUnretainedValue()
    }

    /// A retained `ck_client *` for the host; released by `close`.
    func retainedHandle() -> OpaquePointer {
        OpaquePointer(Unmanaged.passRetained(self).toOpaque())
    }

    /// Runs `operation` where the client's `callPlacement(for: service)` says and hands
    /// its result to `complete` exactly once — with `cancelled` when the
    /// client is (or gets) closed first.
    /// `key` is the host's `user_data`, by which `cancel` finds the call;
    /// `entry` names it in the debug line logged when it completes.
    func start<T: Sendable>(
        _ service: ProviderService,
        key: UInt = 0,
        entry: StaticString = "call",
        _ operation: @escaping @Sendable (ClientBox) async throws(CloudError) -> T,
        complete completeNow: @escaping @Sendable (Result<T, CloudError>) -> Void
    ) {
        // The call is registered before its task exists, so a `cancel` or
        // `close` meanwhile is noted and applied once the task is known.
        let id: UInt64? = state.withLock { state in
            guard !state.closed else { return nil }
            state.nextID += 1
            state.inFlight[state.nextID] = Call()
            if key != 0 { state.byKey[key, default: []].append(state.nextID) }
            return state.nextID
        }
        guard let id else {
            completeNow(.failure(CloudError(.cancelled, "the client is closed")))
            return
        }
        // Started on a lent thread (ABI 1.7 `lend`): the loan waits for it.
        let complete: @Sendable (Result<T, CloudError>) -> Void
        if let loan = ThreadLoan.current {
            loan.callStarted()
            complete = { result in
                completeNow(result)
                loan.callEnded()
            }
        } else {
            complete = completeNow
        }
        // Marked, so a call placed on the caller's thread starts on it.
        let task = CallerThreadExecutor.runHere {
            Task(executorPreference: executors[service.rawValue]) { [self] in
                // Timed only for the debug line (reading the clock is a good part of a call answered at once).
                let started = logger.wants(.debug) ? ContinuousClock.now : nil
                let result: Result<T, CloudError>
                do throws(CloudError) {
                    result = .success(try await operation(self))
                } catch {
                    result = .failure(Task.isCancelled ? CloudError(.cancelled, "the call was cancelled (or its client closed) while in flight") : error)
                }
                // Forgotten by `cancel` first, so a cancel racing the
                // completion can never reach a later call with the same key.
                self.forget(id, key: key)
                if let started { self.logger.debug(Self.traceLine(entry, result, since: started)) }
                complete(result)
                self.finish(id)
            }
        }
        let cancelNow = state.withLock { state -> Bool in
            // Gone already when the task finished first.
            guard let call = state.inFlight[id] else { return false }
            state.inFlight[id] = Call(task: task, cancelRequested: call.cancelRequested)
            return call.cancelRequested || state.closed
        }
        if cancelNow { task.cancel() }
    }

    /// "storage.put_object → ok in 1.2 ms", or the error's kind, code and message
    /// (messages never hold secrets: ABI rule 9).
    private static func traceLine<T>(_ entry: StaticString, _ result: Result<T, CloudError>, since started: ContinuousClock.Instant) -> String {
        let elapsed = ContinuousClock.now - started
        let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        let took = "in \((milliseconds * 10).rounded() / 10) ms"
        switch result {
        case .success: return "\(entry) → ok \(took)"
        case .failure(let error): return "\(entry) → \(error.kind)\(error.code.map { " (\($0))" } ?? "") \(took): \(error.message)"
        }
    }

    /// Runs `attempt` on the calling thread and, when it has an answer,
    /// hands that to `complete` before returning true; false, having called
    /// nothing, when it has none or the client is closed (the caller then
    /// starts the call as usual). While it runs, the attempt counts as a
    /// call in flight, so `close` waits for it.
    func finishImmediately<T>(
        entry: StaticString, _ attempt: () -> Result<T, CloudError>?, complete: (Result<T, CloudError>) -> Void
    ) -> Bool {
        let admitted = state.withLock { state in
            guard !state.closed else { return false }
            state.immediate += 1
            return true
        }
        guard admitted else { return false }
        defer {
            let wasClosing = state.withLock { state in
                state.immediate -= 1
                return state.closed
            }
            if wasClosing { drained.signal() }
        }
        let started = logger.wants(.debug) ? ContinuousClock.now : nil
        guard let result = attempt() else { return false }
        if let started { logger.debug(Self.traceLine(entry, result, since: started)) }
        complete(result)
        return true
    }

    private func forget(_ id: UInt64, key: UInt) {
        guard key != 0 else { return }
        state.withLock { state in
            state.byKey[key]?.removeAll { $0 == id }
            if state.byKey[key]?.isEmpty == true { state.byKey[key] = nil }
        }
    }

    private func finish(_ id: UInt64) {
        let wasClosing = state.withLock { state in
            state.inFlight[id] = nil
            return state.closed
        }
        if wasClosing { drained.signal() }
    }

    /// Cancels the calls in flight that were started with `key`; each then
    /// completes with `cancelled` (unless it finished first). Never blocks.
    func cancel(key: UInt) {
        guard key != 0 else { return }  // a NULL user_data names no call
        let tasks: [Task<Void, Never>] = state.withLock { state in
            (state.byKey[key] ?? []).compactMap { id in
                // A task not created yet is cancelled as soon as it is (`start`).
                if state.inFlight[id]?.task == nil { state.inFlight[id]?.cancelRequested = true }
                return state.inFlight[id]?.task
            }
        }
        for task in tasks { task.cancel() }
    }

    /// Refuses new operations, cancels those in flight and waits until each
    /// has called its completion, then shuts the provider client down.
    func close() {
        let pending: [Task<Void, Never>] = state.withLock { state in
            state.closed = true
            // A task not created yet is cancelled as soon as it is (`start`).
            return state.inFlight.values.compactMap(\.task)
        }
        for task in pending { task.cancel() }
        while state.withLock({ !$0.inFlight.isEmpty || $0.immediate > 0 }) {
            _ = drained.wait(timeout: .now() + .milliseconds(50))
        }
        client.shutdown()
    }
}
