import AWSHTTP
import CloudKitModel
import CloudKitTestSupport
import Foundation
import Testing

@testable import CloudKitProviderSupport

/// The transport driven by a thread the host lent (ABI 1.7 `lend`): the
/// lent thread runs its own transfer and whatever other threads submit
/// meanwhile, and when the loan ends the loop thread takes over what is
/// still in flight. A loopback server holds `/held/NAME` until
/// `/release/NAME` is asked, so each step waits for an event.
@Suite("HTTP transfers on a lent thread")
struct CurlLentThreadTests {
    static let port = Task {
        await LoopbackScriptServer.startHTTP("""
            events = {}
            lock = threading.Lock()
            def event(name):
                with lock: return events.setdefault(name, threading.Event())
            class Handler(BaseHandler):
                def do_GET(self):
                    parts = self.path.split("/")
                    if parts[1] == "held":
                        event(parts[2]).wait()
                        return self.reply(200, "held " + parts[2])
                    if parts[1] == "release":
                        event(parts[2]).set()
                        return self.reply(200, "released")
                    self.reply(200, "ok")
            """)
    }

    private func url(_ path: String) async throws -> String {
        let port = try #require(await Self.port.value, "the test HTTP server did not start")
        return "http://127.0.0.1:\(port)\(path)"
    }

    /// Sends GET `url` on `transport` from a task started on this thread,
    /// placed as a provider call on the caller's thread is, so its transfer
    /// is submitted before this returns; `done` gets the body.
    private func startGet(_ transport: CurlTransport, _ url: String, _ done: @escaping @Sendable (Result<String, CloudError>) -> Void) {
        _ = CallerThreadExecutor.runHere {
            Task(executorPreference: CallerThreadExecutor.shared) {
                do throws(CloudError) {
                    let response = try await transport.send(HTTPRequest(method: "GET", url: url))
                    done(.success(String(decoding: response.body, as: UTF8.self)))
                } catch {
                    done(.failure(error))
                }
            }
        }
    }

    /// Lends a new thread to one GET of `url` (counted as a call of the
    /// loan, its result to `outcome`); `started` runs once it is submitted.
    /// Delivers when the lend has returned.
    private func lendThread(
        _ transport: CurlTransport, _ url: String, outcome: Handoff<Result<String, CloudError>>,
        started: @escaping @Sendable () -> Void = {}
    ) -> Handoff<Void> {
        let returned = Handoff<Void>()
        Thread { [self] in
            ThreadLoan.lend {
                guard let loan = ThreadLoan.current else { return }
                loan.callStarted()
                startGet(transport, url) { result in
                    outcome.deliver(result)
                    loan.callEnded()
                }
                started()
            }
            returned.deliver(())
        }.start()
        return returned
    }

    @Test("the lent thread drives another thread's transfer beside its own, and the loop thread finishes what is in flight when the loan ends")
    func lentThenHandedBack() async throws {
        let transport = try CurlTransport()
        let control = try CurlTransport()
        defer {
            transport.shutdown()
            control.shutdown()
        }
        let (heldA, heldC, ok) = (try await url("/held/a-\(UUID())"), try await url("/held/c-\(UUID())"), try await url("/ok"))
        let releaseA = heldA.replacingOccurrences(of: "/held/", with: "/release/")
        let releaseC = heldC.replacingOccurrences(of: "/held/", with: "/release/")
        let lentOutcome = Handoff<Result<String, CloudError>>()
        let loanReturned = lendThread(transport, heldA, outcome: lentOutcome)

        // Another thread's request goes through while the lent thread's own is held.
        let beside = try await hangGuard("a request beside the lent one", seconds: 600) {
            try await transport.send(HTTPRequest(method: "GET", url: ok))
        }
        #expect(String(decoding: beside.body, as: UTF8.self) == "ok")

        // One more, held, from another thread; then the lent thread's own ends and the loan with it.
        let other = Task { try await transport.send(HTTPRequest(method: "GET", url: heldC)) }
        _ = try await control.send(HTTPRequest(method: "GET", url: releaseA))
        try await hangGuard("the lend", seconds: 600) { await loanReturned.value }
        #expect(try await lentOutcome.value.get().hasPrefix("held a-"))

        // The loan has ended with the held request in flight: the loop thread finishes it once released.
        _ = try await control.send(HTTPRequest(method: "GET", url: releaseC))
        let last = try await hangGuard("the request left in flight", seconds: 600) { try await other.value }
        #expect(String(decoding: last.body, as: UTF8.self).hasPrefix("held c-"))

        // And the transport goes on as before, from any thread.
        let after = try await transport.send(HTTPRequest(method: "GET", url: ok))
        #expect(after.status == 200)
    }

    @Test("shutting the transport down while a lent thread drives ends its transfer cancelled, and the lend returns")
    func shutdownWhileLent() async throws {
        let transport = try CurlTransport()
        let control = try CurlTransport()
        defer { control.shutdown() }
        let held = try await url("/held/s-\(UUID())")
        let outcome = Handoff<Result<String, CloudError>>()
        let submitted = Handoff<Void>()
        let loanReturned = lendThread(transport, held, outcome: outcome) { submitted.deliver(()) }
        await submitted.value
        transport.shutdown()
        try await hangGuard("the lend", seconds: 600) { await loanReturned.value }
        switch await outcome.value {
        case .success(let body): Issue.record("the held request succeeded after shutdown: \(body)")
        case .failure(let error): #expect(error.kind == .cancelled)
        }
        _ = try await control.send(HTTPRequest(method: "GET", url: held.replacingOccurrences(of: "/held/", with: "/release/")))
    }
}
