import AWSHTTP
import CloudKitModel
import CloudKitTestSupport
import Foundation
import Testing

/// The transport's loop thread never waits for the caller: a stream
/// writer, a stream reader or a progress handler that blocks holds up its
/// own transfer only, while other calls on the same transport complete.
/// Every wait is for an event; the 120 s hang guards only catch a hang.
@Suite("Host callbacks off the transport's loop thread")
struct CurlHostCallbackTests {
    static let handler = """
        class Handler(BaseHandler):
            def do_HEAD(self): self.reply(200, "hello")
            def do_GET(self):
                parts = self.path.split("/")
                if parts[1] == "big":
                    n = int(parts[2])
                    data = (bytes(range(251)) * (n // 251 + 1))[:n]
                    self.send_response(200)
                    self.send_header("Content-Length", str(n))
                    self.end_headers()
                    self.wfile.write(data)
                else: self.reply(200, "hello")
            def do_PUT(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
        """

    static let port = Task { await LoopbackScriptServer.startHTTP(handler) }

    static func url(_ path: String) async throws -> String {
        let port = try #require(await port.value, "the test HTTP server did not start")
        return "http://127.0.0.1:\(port)\(path)"
    }

    /// The bytes `GET /big/<count>` serves.
    static func pattern(_ count: Int) -> Data { Data((0..<count).map { UInt8($0 % 251) }) }

    /// A head, a small get and a put on `transport`, each checked.
    static func otherCallsComplete(on transport: CurlTransport) async throws {
        try await hangGuard("other calls while one transfer waits for its caller") {
            let head = try await transport.send(HTTPRequest(method: "HEAD", url: try await url("/ok")))
            #expect(head.status == 200)
            let small = try await transport.send(HTTPRequest(method: "GET", url: try await url("/ok")))
            #expect(small.body == Data("hello".utf8))
            let body = pattern(100_000)
            let put = try await transport.send(HTTPRequest(method: "PUT", url: try await url("/echo"), body: .bytes(body)))
            #expect(put.body == body)
        }
    }

    @Test("a stream GET whose writer blocks holds up only itself; released, it delivers every byte")
    func blockedWriter() async throws {
        let transport = try CurlTransport()
        defer { transport.shutdown() }
        let size = 8 << 20
        let entered = Handoff<Void>()
        let gate = DispatchSemaphore(value: 0)
        let received = LockedData()
        let calls = LockedCounter()
        let writer = BodyWriter { bytes in
            received.append(bytes)
            if calls.advance(by: 1) == 0 {
                entered.deliver(())
                gate.wait()
            }
        }
        let url = try await Self.url("/big/\(size)")
        let download = Task { try await transport.send(HTTPRequest(method: "GET", url: url, timeLimit: .transfer), sink: .stream(writer)) }
        try await hangGuard("the writer's first call") { await entered.value }
        try await Self.otherCallsComplete(on: transport)
        gate.signal()
        let response = try await hangGuard("the released download") { try await download.value }
        #expect(response.status == 200)
        #expect(received.value == Self.pattern(size))
    }

    @Test("a writer that throws aborts only its own transfer, with its error, and is not called again")
    func failingWriter() async throws {
        let transport = try CurlTransport()
        defer { transport.shutdown() }
        let size = 4 << 20
        let failingCalls = LockedCounter()
        let failing = BodyWriter { _ in
            failingCalls.advance(by: 1)
            throw CloudError(.permissionDenied, "the test writer refuses", code: "WriterRefused")
        }
        let received = LockedData()
        let healthy = BodyWriter { received.append($0) }
        let url = try await Self.url("/big/\(size)")
        async let refused = failure {
            try await transport.send(HTTPRequest(method: "GET", url: url, timeLimit: .transfer), sink: .stream(failing))
        }
        async let delivered = transport.send(HTTPRequest(method: "GET", url: url, timeLimit: .transfer), sink: .stream(healthy))
        let error = await refused
        #expect(error?.code == "WriterRefused", "\(String(describing: error))")
        #expect(error?.kind == .permissionDenied)
        #expect(failingCalls.value == 1)
        #expect(try await delivered.status == 200)
        #expect(received.value == Self.pattern(size))
        try await Self.otherCallsComplete(on: transport)
    }

    @Test("a stream PUT whose reader blocks holds up only itself; released, the server gets every byte")
    func blockedReader() async throws {
        let transport = try CurlTransport()
        defer { transport.shutdown() }
        let body = Self.pattern(3 << 20)
        let entered = Handoff<Void>()
        let gate = DispatchSemaphore(value: 0)
        let offset = LockedCounter()
        let reader = BodyReader { buffer in
            let start = offset.take(min(buffer.count, 64 << 10), limit: body.count)
            if start >= 1 << 20 {
                // Past the first MiB: wait once for the test to release it.
                entered.deliver(())
                gate.wait()
                gate.signal()
            }
            let count = min(buffer.count, 64 << 10, body.count - start)
            body.copyBytes(to: buffer.bindMemory(to: UInt8.self), from: start..<(start + count))
            return count
        }
        let url = try await Self.url("/echo")
        let upload = Task { try await transport.send(HTTPRequest(method: "PUT", url: url, body: .stream(length: Int64(body.count), reader: reader), timeLimit: .transfer)) }
        try await hangGuard("the reader reaching its gate") { await entered.value }
        try await Self.otherCallsComplete(on: transport)
        gate.signal()
        let response = try await hangGuard("the released upload") { try await upload.value }
        #expect(response.status == 200)
        #expect(response.body == body)
    }

    @Test("a progress handler that blocks holds up only its own transfer")
    func blockedProgress() async throws {
        let transport = try CurlTransport()
        defer { transport.shutdown() }
        let entered = Handoff<Void>()
        let gate = DispatchSemaphore(value: 0)
        let calls = LockedCounter()
        let progress: ProgressHandler = { _, _ in
            if calls.advance(by: 1) == 0 {
                entered.deliver(())
                gate.wait()
            }
        }
        let size = 2 << 20
        let url = try await Self.url("/big/\(size)")
        let download = Task { try await transport.send(HTTPRequest(method: "GET", url: url, timeLimit: .transfer), progress: progress) }
        try await hangGuard("the first progress report") { await entered.value }
        try await Self.otherCallsComplete(on: transport)
        gate.signal()
        let response = try await hangGuard("the download after its progress handler returned") { try await download.value }
        #expect(response.body == Self.pattern(size))
    }

    @Test("time waiting for a slow writer or reader is not a stall")
    func slowHostIsNoStall() async throws {
        // A 1 s stall limit; the writer and the reader each hold their transfer for 3 s.
        let transport = try CurlTransport(options: HTTPTransportOptions(stallTimeout: 1))
        defer { transport.shutdown() }
        let size = 3 << 20
        let received = LockedData()
        let writes = LockedCounter()
        let writer = BodyWriter { bytes in
            if writes.advance(by: 1) == 0 { Thread.sleep(forTimeInterval: 3) }
            received.append(bytes)
        }
        let response = try await hangGuard("a download with a slow writer") {
            try await transport.send(HTTPRequest(method: "GET", url: try await Self.url("/big/\(size)"), timeLimit: .transfer), sink: .stream(writer))
        }
        #expect(response.status == 200)
        #expect(received.value == Self.pattern(size))

        let body = Self.pattern(size)
        let reads = LockedCounter()
        let inner = BodyReader.over(body, chunk: 64 << 10)
        let reader = BodyReader { buffer in
            if reads.advance(by: 1) == 4 { Thread.sleep(forTimeInterval: 3) }
            return try inner.read(buffer)
        }
        let upload = try await hangGuard("an upload with a slow reader") {
            try await transport.send(HTTPRequest(
                method: "PUT", url: try await Self.url("/echo"), body: .stream(length: Int64(size), reader: reader), timeLimit: .transfer))
        }
        #expect(upload.body == body)
    }
}
