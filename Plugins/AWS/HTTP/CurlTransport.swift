import CCurl
import CloudKitModel
import CloudKitProviderSupport
import Foundation

/// An HTTP client on libcurl's multi interface: one thread at a time drives
/// one multi handle (its loop thread, or a thread the host lent, see
/// `CurlEngine`), so many transfers are in flight without a thread each, and
/// connections (keep-alive, HTTP/2 where offered) are reused across requests.
/// TLS is verified unless the options say otherwise.
///
/// That thread never runs the caller's code: a `.stream` body's reader, a
/// `.stream` sink's writer and progress handlers run on `BlockingIO`'s
/// `.transfers` pool, each transfer's one at a time (`HostLane`), behind a
/// bounded buffer that pauses the transfer while the caller is slow. So a
/// caller that blocks in a callback holds up only its own transfer.
public final class CurlTransport: Sendable {
    private let engine: CurlEngine

    public init(options: HTTPTransportOptions = HTTPTransportOptions()) throws(CloudError) {
        engine = try CurlEngine(options: options)
    }

    /// Releasing the transport shuts it down (in-flight requests fail with `cancelled`).
    deinit {
        engine.shutdown()
    }

    /// Sends one request (see `HTTPRequest`). The body goes to `sink` when
    /// `deliverBody(status)` holds for a 2xx status; otherwise (and for
    /// `.memory`) it is collected into `HTTPResponse.body`. A `.file` sink is
    /// written to a temporary file and renamed only on success. A `.stream`
    /// sink's writer gets every byte before this returns; a writer or reader
    /// that throws ends the transfer with its error. Cancelling the task
    /// aborts the transfer with `cancelled` (once a writer or reader call in
    /// progress has returned: none runs after this returns).
    public func send(
        _ request: HTTPRequest, sink: BodySink = .memory, deliverBody: @escaping @Sendable (Int) -> Bool = { (200..<300).contains($0) },
        progress: ProgressHandler? = nil
    ) async throws(CloudError) -> HTTPResponse {
        try await engine.send(request, sink: sink, deliverBody: deliverBody, progress: progress)
    }

    /// Cancels every transfer (each fails with `cancelled`) and stops the loop thread. Idempotent.
    public func shutdown() {
        engine.shutdown()
    }
}

/// The multi handle and the thread that drives it. The thread holds the
/// engine strongly, so the engine lives until its loop has stopped even when
/// the `CurlTransport` that owns it is released first.
///
/// One thread at a time drives the multi handle (`Driver`): the loop
/// thread while transfers run, or a thread the host lent (ABI 1.7 `lend`)
/// that submitted a transfer while nothing else was in flight. That thread
/// then runs the transfer itself (`drive(for:)`), so a small request made
/// one at a time wakes no other thread: neither the loop thread to start
/// it nor the host's to end it. With nothing in flight the loop thread
/// sleeps without a timer.
final class CurlEngine: @unchecked Sendable {
    private let multi: UnsafeMutableRawPointer
    private let options: HTTPTransportOptions
    /// Easy handles kept for reuse.
    private let handles = CurlHandlePool()
    /// Guards what follows; the loop thread waits on it while it does not drive.
    private let lock = NSCondition()
    // Guarded by `lock`.
    private var submitted: [CurlTransfer] = []
    private var cancelled: [CurlTransfer] = []
    private var signalled: [(CurlTransfer, TransferSignals.Signal)] = []
    private var stopping = false
    private var thread: Thread?
    private var driver = Driver.parked
    private let stopped = DispatchSemaphore(value: 0)
    // The driving thread's only.
    private var active: [UnsafeMutableRawPointer: CurlTransfer] = [:]
    private var lastStallCheck: UInt64 = 0

    /// Who drives the multi handle: exactly one thread at a time, so curl
    /// is never entered from two at once. Changed under `lock`.
    private enum Driver: Equatable {
        /// The loop thread, polling while transfers run.
        case loop
        /// Nobody: nothing is in flight or queued, and the loop thread sleeps on `lock`.
        case parked
        /// A thread the host lent, through `drive(for:)` of this loan; the loop thread sleeps on `lock`.
        case lent(ObjectIdentifier)

        var isParked: Bool { if case .parked = self { true } else { false } }
        var isLoop: Bool { if case .loop = self { true } else { false } }
    }

    /// How one round of driving ended.
    private enum RoundEnd {
        /// It waited on the sockets (or a wake-up) and may go on.
        case polled
        /// Nothing is in flight.
        case idle
        /// The driving thread is wanted elsewhere; transfers are still in flight.
        case yielded
        /// The transport is shutting down.
        case stopping
    }

    private static let globalInit: Void = { curl_global_init(Int(CURL_GLOBAL_DEFAULT)) }()

    init(options: HTTPTransportOptions) throws(CloudError) {
        _ = Self.globalInit
        guard let multi = curl_multi_init() else { throw CloudError(.internal, "curl_multi_init failed") }
        self.multi = multi
        self.options = options
        ccurl_multi_setopt_long(multi, CURLMOPT_PIPELINING, Int(CURLPIPE_MULTIPLEX))
        let thread = Thread { [self] in self.loop() }
        thread.name = "cloudkit-curl"
        self.thread = thread
        thread.start()
    }

    deinit {
        curl_multi_cleanup(multi)
    }

    func send(
        _ request: HTTPRequest, sink: BodySink = .memory, deliverBody: @escaping @Sendable (Int) -> Bool = { (200..<300).contains($0) },
        progress: ProgressHandler? = nil
    ) async throws(CloudError) -> HTTPResponse {
        let transfer = try CurlTransfer(
            request: request, sink: sink, deliverBody: deliverBody, progress: progress, options: options, handles: handles)
        let result = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                transfer.attach(continuation)
                submit(transfer)
            }
        } onCancel: {
            cancel(transfer)
        }
        return try result.get()
    }

    private func submit(_ transfer: CurlTransfer) {
        transfer.signals.connect { [weak self, weak transfer] signal in
            guard let self, let transfer else { return }
            self.signal(transfer, signal)
        }
        lock.lock()
        let refused = stopping
        var wake = false
        if !refused {
            submitted.append(transfer)
            switch driver {
            case .parked:
                // Nothing in flight: a thread the host lent runs the transfer itself; otherwise the loop thread starts.
                if let loan = ThreadLoan.current, loan.offer(self) {
                    driver = .lent(ObjectIdentifier(loan))
                } else {
                    driver = .loop
                    lock.signal()
                }
            case .loop, .lent(_):
                wake = true
            }
        }
        lock.unlock()
        if refused {
            transfer.complete(.failure(CloudError(.cancelled, "the HTTP transport is shut down")))
        } else if wake {
            curl_multi_wakeup(multi)
        }
    }

    private func cancel(_ transfer: CurlTransfer) {
        lock.lock()
        // The task may be cancelled before its transfer is even submitted
        // (onCancel then runs first); the flag makes the driver refuse it then.
        transfer.cancelRequested = true
        // Parked, nothing is in flight: the transfer has ended or is not submitted yet.
        let inFlight = !driver.isParked
        if inFlight { cancelled.append(transfer) }
        lock.unlock()
        if inFlight { curl_multi_wakeup(multi) }
    }

    /// A transfer's host side asks the driver to resume or abort it.
    private func signal(_ transfer: CurlTransfer, _ signal: TransferSignals.Signal) {
        lock.lock()
        let inFlight = !driver.isParked
        if inFlight { signalled.append((transfer, signal)) }
        lock.unlock()
        if inFlight { curl_multi_wakeup(multi) }
    }

    func shutdown() {
        lock.lock()
        let first = !stopping
        stopping = true
        let running = thread != nil
        // A lent driver hands the stop to the loop thread at its next round.
        if driver.isParked { driver = .loop }
        lock.signal()
        lock.unlock()
        guard first, running else { return }
        curl_multi_wakeup(multi)
        stopped.wait()
    }

    private func loop() {
        running: while true {
            lock.lock()
            while !driver.isLoop { lock.wait() }
            lock.unlock()
            switch round(yield: { false }) {
            case .stopping:
                break running
            case .idle:
                lock.lock()
                if submitted.isEmpty && !stopping { driver = .parked }
                lock.unlock()
            case .polled, .yielded:
                continue
            }
        }
        lock.lock()
        thread = nil
        lock.unlock()
        stopped.signal()
    }

    /// One round by the driving thread: takes in what other threads
    /// queued, lets curl move every transfer, completes those that ended,
    /// then waits on the sockets for up to a second (or until a wake-up),
    /// unless nothing is in flight or `yield` says the thread is wanted
    /// elsewhere. When stopping, the loop thread ends every transfer with
    /// `cancelled`; a lent thread takes nothing and leaves that to it.
    private func round(yield: () -> Bool) -> RoundEnd {
        lock.lock()
        if stopping && !driver.isLoop {
            lock.unlock()
            return .stopping
        }
        let newTransfers = submitted.map { (transfer: $0, cancelled: $0.cancelRequested) }
        submitted = []
        let toCancel = cancelled
        cancelled = []
        let signals = signalled
        signalled = []
        let stop = stopping
        lock.unlock()

        for (transfer, cancelledEarly) in newTransfers {
            if cancelledEarly {
                transfer.complete(.failure(CloudError(.cancelled, "the request was cancelled")))
                continue
            }
            active[transfer.opaque] = transfer
            curl_multi_add_handle(multi, transfer.easy)
            transfer.started()
        }
        for transfer in toCancel where active[transfer.opaque] != nil {
            finish(transfer, with: .failure(CloudError(.cancelled, "the request was cancelled")))
        }
        for (transfer, signal) in signals where active[transfer.opaque] === transfer {
            switch signal {
            case .resume:
                transfer.resumed()
                curl_easy_pause(transfer.easy, Self.unpause)
            case .abort(let error):
                finish(transfer, with: .failure(error))
            }
        }
        if stop {
            for transfer in Array(active.values) {
                finish(transfer, with: .failure(CloudError(.cancelled, "the client was closed while the request was in flight")))
            }
            return .stopping
        }

        var running: Int32 = 0
        curl_multi_perform(multi, &running)
        var left: Int32 = 0
        while let message = curl_multi_info_read(multi, &left) {
            guard message.pointee.msg == CURLMSG_DONE, let easy = message.pointee.easy_handle else { continue }
            var pointer: UnsafeMutableRawPointer?
            ccurl_easy_getinfo_ptr(easy, CURLINFO_PRIVATE, &pointer)
            guard let pointer, let transfer = active[pointer] else { continue }
            let code = message.pointee.data.result
            curl_multi_remove_handle(multi, easy)
            active[pointer] = nil
            transfer.completesElsewhere = !active.isEmpty || left > 0
            transfer.finish(code: code)
        }
        endStalledTransfers()
        if active.isEmpty { return .idle }
        if yield() { return .yielded }
        curl_multi_poll(multi, nil, 0, 1000, nil)
        return .polled
    }

    /// `CURLPAUSE_CONT`: both directions running.
    private static let unpause = Int32(CURLPAUSE_RECV_CONT | CURLPAUSE_SEND_CONT)

    /// Ends, with `StallTimeout`, the transfers that moved no byte for their
    /// stall limit (checked at most every 100 ms; the loop wakes at least every second).
    private func endStalledTransfers() {
        let now = StallWatch.now()
        guard now &- lastStallCheck >= 100_000_000 else { return }
        lastStallCheck = now
        for transfer in Array(active.values) where transfer.stalled {
            finish(transfer, with: .failure(transfer.stallError()))
        }
    }

    private func finish(_ transfer: CurlTransfer, with result: Result<HTTPResponse, CloudError>) {
        curl_multi_remove_handle(multi, transfer.easy)
        active[transfer.opaque] = nil
        transfer.completesElsewhere = !active.isEmpty
        transfer.complete(result)
    }
}

/// A thread the host lent (ABI 1.7 `lend`) drives the multi handle while
/// the calls it waits for have transfers in flight.
extension CurlEngine: LoanDriver {
    func drive(for loan: ThreadLoan) -> Bool {
        lock.lock()
        let owner = driver == .lent(ObjectIdentifier(loan))
        lock.unlock()
        // Only the loan that took the multi handle drives it (another's offer is stale).
        guard owner else { return false }
        while true {
            switch round(yield: { loan.wantsThread }) {
            case .polled:
                continue
            case .yielded:
                // Still the driver: the loan drives again after its queued work, or hands back when it ends.
                return true
            case .stopping:
                handBack(loan)
                return false
            case .idle:
                lock.lock()
                let done = submitted.isEmpty
                lock.unlock()
                // Otherwise another thread queued a transfer meanwhile: the next round takes it in.
                if done {
                    handBack(loan)
                    return false
                }
            }
        }
    }

    func interrupt() {
        curl_multi_wakeup(multi)
    }

    func loanEnded(_ loan: ThreadLoan) {
        handBack(loan)
    }

    /// A lent thread stops driving: the loop thread takes over what is in
    /// flight or queued; with nothing left, nobody needs to drive.
    private func handBack(_ loan: ThreadLoan) {
        lock.lock()
        if driver == .lent(ObjectIdentifier(loan)) {
            driver = active.isEmpty && submitted.isEmpty && !stopping ? .parked : .loop
            // Only a loop thread that is to drive is woken: parked, it sleeps on.
            if driver.isLoop { lock.signal() }
        }
        lock.unlock()
    }
}
