import CCurl
import CloudKitModel
import Foundation

/// An HTTP client on libcurl's multi interface: one thread drives one multi
/// handle, so many transfers are in flight without a thread each, and
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
final class CurlEngine: @unchecked Sendable {
    private let multi: UnsafeMutableRawPointer
    private let options: HTTPTransportOptions
    /// Easy handles kept for reuse.
    private let handles = CurlHandlePool()
    private let lock = NSLock()
    // Guarded by `lock`.
    private var submitted: [CurlTransfer] = []
    private var cancelled: [CurlTransfer] = []
    private var signalled: [(CurlTransfer, TransferSignals.Signal)] = []
    private var stopping = false
    private var thread: Thread?
    private let stopped = DispatchSemaphore(value: 0)
    // Loop thread only.
    private var active: [UnsafeMutableRawPointer: CurlTransfer] = [:]
    private var lastStallCheck: UInt64 = 0

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
        if !refused { submitted.append(transfer) }
        lock.unlock()
        if refused {
            transfer.complete(.failure(CloudError(.cancelled, "the HTTP transport is shut down")))
        } else {
            curl_multi_wakeup(multi)
        }
    }

    private func cancel(_ transfer: CurlTransfer) {
        lock.lock()
        // The task may be cancelled before its transfer is even submitted
        // (onCancel then runs first); the flag makes the loop refuse it then.
        transfer.cancelRequested = true
        cancelled.append(transfer)
        lock.unlock()
        curl_multi_wakeup(multi)
    }

    /// A transfer's host side asks the loop to resume or abort it.
    private func signal(_ transfer: CurlTransfer, _ signal: TransferSignals.Signal) {
        lock.lock()
        signalled.append((transfer, signal))
        lock.unlock()
        curl_multi_wakeup(multi)
    }

    func shutdown() {
        lock.lock()
        let first = !stopping
        stopping = true
        let running = thread != nil
        lock.unlock()
        guard first, running else { return }
        curl_multi_wakeup(multi)
        stopped.wait()
    }

    private func loop() {
        var running: Int32 = 0
        while true {
            lock.lock()
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
                break
            }

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
            curl_multi_poll(multi, nil, 0, 1000, nil)
        }
        lock.lock()
        thread = nil
        lock.unlock()
        stopped.signal()
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
