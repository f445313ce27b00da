import AWSHTTP
import CloudKitModel
import CloudKitTestSupport
import Foundation
import Testing

/// A stream body of unknown length (`.stream(length: nil, …)`) through the
/// transport: curl sends it chunked and `BodyFeed` ends it at the reader's
/// 0, checking no declared length. (S3 takes no chunked bodies; its client
/// sends such a body in parts instead, so this is the transport's own rule.)
@Suite("A stream body of unknown length through the transport")
struct CurlUnknownLengthTests {
    static let handler = """
        class Handler(BaseHandler):
            def do_PUT(self):
                chunked = self.headers.get("Transfer-Encoding", "") == "chunked"
                body = b""
                if chunked:
                    while True:
                        size = int(self.rfile.readline().split(b";")[0].strip(), 16)
                        if size == 0:
                            while self.rfile.readline().strip(): pass
                            break
                        body += self.rfile.read(size)
                        self.rfile.readline()
                else:
                    body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                self.send_response(200)
                self.send_header("X-Chunked", "yes" if chunked else "no")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
        """

    static let port = Task { await LoopbackScriptServer.startHTTP(handler) }

    @Test("3 MiB of unknown length go chunked and arrive whole; progress says total -1; an empty one is an empty body")
    func chunkedUpload() async throws {
        let port = try #require(await Self.port.value, "the test HTTP server did not start")
        let transport = try CurlTransport()
        defer { transport.shutdown() }
        let body = Data((0..<(3 << 20) + 11).map { UInt8(truncatingIfNeeded: $0 &* 13) })
        let totals = Locked<Set<Int64>>([])
        let response = try await hangGuard("a chunked upload") {
            try await transport.send(
                HTTPRequest(
                    method: "PUT", url: "http://127.0.0.1:\(port)/echo", body: .stream(length: nil, reader: .over(body, chunk: 70_001)),
                    timeLimit: .transfer),
                progress: { _, total in totals.withLock { _ = $0.insert(total) } })
        }
        #expect(response.status == 200)
        #expect(response.headers.first(named: "X-Chunked") == "yes")
        #expect(response.body == body)
        #expect(totals.withLock { $0 }.contains(-1), "\(totals.withLock { $0 })")

        let empty = try await hangGuard("an empty chunked upload") {
            try await transport.send(HTTPRequest(
                method: "PUT", url: "http://127.0.0.1:\(port)/echo", body: .stream(length: nil, reader: .over(Data())), timeLimit: .transfer))
        }
        #expect(empty.status == 200 && empty.body.isEmpty)
    }
}
