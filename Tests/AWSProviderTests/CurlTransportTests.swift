import AWSHTTP
import CloudKitModel
import Foundation
import CloudKitTestSupport
import XCTest

/// The libcurl transport against a small loopback HTTP server run for these tests.
final class CurlTransportTests: XCTestCase {
    static let serverScript = """
        import http.server, sys, threading, time, os
        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            def log_message(self, *args): pass
            def reply(self, status, body, extra=()):
                self.send_response(status)
                self.send_header("Content-Length", str(len(body)))
                for name, value in extra: self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)
            def do_GET(self):
                if self.path == "/ok": self.reply(200, b"hello", [("X-Test", "yes")])
                elif self.path == "/missing": self.reply(404, b"<Error><Code>NoSuchKey</Code></Error>")
                elif self.path == "/slow":
                    time.sleep(10); self.reply(200, b"late")
                else: self.reply(400, b"")
            def do_PUT(self):
                length = int(self.headers.get("Content-Length", "0"))
                body = self.rfile.read(length)
                self.reply(200, body, [("X-Expect", self.headers.get("Expect", "none"))])
        class Server(http.server.ThreadingHTTPServer):
            request_queue_size = 256
            daemon_threads = True
        server = Server(("127.0.0.1", 0), Handler)
        print(server.server_address[1], flush=True)
        # Exit when the test process goes away (its end of our stdin closes).
        threading.Thread(target=lambda: (sys.stdin.read(), os._exit(0)), daemon=True).start()
        server.serve_forever()
        """

    static let port = Task { await LoopbackScriptServer.start(serverScript) }

    func url(_ path: String) async throws -> String {
        let started = await Self.port.value
        let port = try XCTUnwrap(started, "the test HTTP server did not start")
        return "http://127.0.0.1:\(port)\(path)"
    }

    func testGetCollectsBodyAndHeadersInMemory() async throws {
        let transport = try CurlTransport()
        defer { transport.shutdown() }
        let response = try await transport.send(HTTPRequest(method: "GET", url: try url("/ok")))
        XCTAssertEqual(response.status, 200)
        XCTAssertEqual(response.body, Data("hello".utf8))
        XCTAssertEqual(response.headers.first(named: "x-test"), "yes")
    }

    func testErrorBodyIsCollectedAndTheFileSinkIsNeverCreated() async throws {
        let transport = try CurlTransport()
        defer { transport.shutdown() }
        let target = TestFolders.path("ck-sink")
        let response = try await transport.send(HTTPRequest(method: "GET", url: try url("/missing")), sink: .file(path: target))
        XCTAssertEqual(response.status, 404)
        XCTAssertTrue(String(decoding: response.body, as: UTF8.self).contains("NoSuchKey"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: target))
        let ok = try await transport.send(HTTPRequest(method: "GET", url: try url("/ok")), sink: .file(path: target))
        XCTAssertEqual(ok.body, Data())
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: target)), Data("hello".utf8))
    }

    func testPutSendsBytesFileAndStreamBodiesWithoutExpectContinue() async throws {
        let transport = try CurlTransport()
        defer { transport.shutdown() }
        let bytes = Data((0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 7) })
        let file = URL(fileURLWithPath: TestFolders.path("ck-body"))
        try bytes.write(to: file)
        let reader = BodyReader.over(bytes)
        for body in [BodySource.bytes(bytes), .file(path: file.path), .stream(length: Int64(bytes.count), reader: reader)] {
            let response = try await transport.send(HTTPRequest(method: "PUT", url: try url("/echo"), body: body))
            XCTAssertEqual(response.status, 200)
            XCTAssertEqual(response.body, bytes)
            XCTAssertEqual(response.headers.first(named: "X-Expect"), "none")
        }
    }

    func testFiftyConcurrentRequestsAllComplete() async throws {
        let transport = try CurlTransport()
        defer { transport.shutdown() }
        let target = try await url("/ok")
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<50 { group.addTask { try await transport.send(HTTPRequest(method: "GET", url: target)).status } }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        XCTAssertEqual(statuses, Array(repeating: 200, count: 50))
    }

    func testConnectionRefusedIsARetryableNetworkError() async throws {
        let transport = try CurlTransport()
        defer { transport.shutdown() }
        do {
            _ = try await transport.send(HTTPRequest(method: "GET", url: "http://127.0.0.1:1/"))
            XCTFail("should not connect")
        } catch {
            XCTAssertEqual(error.kind, .network)
            XCTAssertTrue(error.retryable)
        }
    }

    func testRequestTimeoutIsTheTimeoutKind() async throws {
        let transport = try CurlTransport(options: HTTPTransportOptions(requestTimeout: 0.5))
        defer { transport.shutdown() }
        let target = try await url("/slow")
        do {
            _ = try await transport.send(HTTPRequest(method: "GET", url: target))
            XCTFail("should time out")
        } catch {
            XCTAssertEqual(error.kind, .timeout)
        }
    }

    func testCancellingTheTaskAbortsTheTransferPromptly() async throws {
        let transport = try CurlTransport()
        defer { transport.shutdown() }
        let target = try await url("/slow")
        let task = Task { () -> CloudErrorKind? in
            do {
                _ = try await transport.send(HTTPRequest(method: "GET", url: target))
                return nil
            } catch {
                return (error as? CloudError)?.kind
            }
        }
        try await Task.sleep(nanoseconds: 200_000_000)
        task.cancel()
        // No clock: a transfer that was not aborted would end after the
        // server's 10 s with a reply (nil here), not with `cancelled`.
        let kind = await task.value
        XCTAssertEqual(kind, .cancelled)
    }
}
