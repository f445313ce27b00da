@testable import AWSProvider
import AWSHTTP
import CloudKitModel
import CloudKitTestSupport
import Foundation
import Testing

/// A fake AWS endpoint that misbehaves in the ways the provider's limits are
/// for, run on loopback for the reliability tests. The first path segment
/// (an S3 bucket, or an endpoint's base path) picks the behaviour, the
/// second names the request, and `GET /sent/<name>` reports how many body
/// bytes the server managed to send and whether it has stopped trying.
///
/// - `silent`: reads the request, never answers, returns when the client hangs up.
/// - `trickle`: a 206 announcing 1000 bytes, one byte, then nothing.
/// - `error-declared`: a 500 announcing `total` bytes in its Content-Length, then sending them.
/// - `error-chunked`: a 500 sending `total` bytes in chunks, with no Content-Length.
/// - `ignore-range`: whatever the Range, a 200 with the whole `total`-byte object.
/// - `overlong`: a 206 of bytes 0-99 whose Content-Length says 100, sending `total` bytes in chunks.
/// - `json-huge` (POST): a 200 JSON reply of `total` bytes in chunks.
enum MisbehavingServer {
    /// The bytes the endless replies try to send: far more than any limit under test.
    static let total = 256 << 20

    static let handler = """
        TOTAL = \(total)
        state = {}
        lock = threading.Lock()
        PIECE = b"x" * (1 << 20)
        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            def log_message(self, *args): pass
            def note(self, name, **values):
                with lock: state.setdefault(name, {}).update(values)
            def raw(self, data):
                self.wfile.write(data)
                self.wfile.flush()
            def wait_for_hangup(self):
                try: self.rfile.read()
                except OSError: pass
                self.close_connection = True
            def stream(self, name, head, chunked, first=b""):
                sent = 0
                self.note(name, sent=0, done=False)
                try:
                    self.raw(head.encode())
                    if first:
                        self.raw(b"%x\\r\\n%s\\r\\n" % (len(first), first) if chunked else first)
                        sent += len(first)
                    while sent < TOTAL:
                        self.raw(b"%x\\r\\n%s\\r\\n" % (len(PIECE), PIECE) if chunked else PIECE)
                        sent += len(PIECE)
                        self.note(name, sent=sent)
                    if chunked: self.raw(b"0\\r\\n\\r\\n")
                except OSError:
                    pass
                finally:
                    self.note(name, sent=sent, done=True)
                self.close_connection = True
            def route(self):
                parts = self.path.split("?")[0].split("/") + ["", ""]
                return parts[1], parts[2]
            def do_HEAD(self):
                self.wait_for_hangup()
            def do_GET(self):
                mode, name = self.route()
                if mode == "sent":
                    with lock: body = json.dumps(state.get(name, {})).encode()
                    self.send_response(200)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    return self.raw(body)
                if mode == "silent": return self.wait_for_hangup()
                if mode == "trickle":
                    self.raw(b"HTTP/1.1 206 Partial Content\\r\\nContent-Range: bytes 0-999/1000\\r\\nContent-Length: 1000\\r\\nETag: \\"t\\"\\r\\n\\r\\nx")
                    return self.wait_for_hangup()
                if mode == "error-declared":
                    return self.stream(name, "HTTP/1.1 500 Internal Server Error\\r\\nContent-Length: %d\\r\\n\\r\\n" % TOTAL, False)
                if mode == "error-chunked":
                    return self.stream(name, "HTTP/1.1 500 Internal Server Error\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n", True)
                if mode == "ignore-range":
                    return self.stream(name, "HTTP/1.1 200 OK\\r\\nContent-Length: %d\\r\\nETag: \\"e\\"\\r\\n\\r\\n" % TOTAL, False)
                if mode == "overlong":
                    head = "HTTP/1.1 206 Partial Content\\r\\nContent-Range: bytes 0-99/1000\\r\\nContent-Length: 100\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n"
                    return self.stream(name, head, True)
                self.send_response(400)
                self.send_header("Content-Length", "0")
                self.end_headers()
            def do_POST(self):
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                mode, name = self.route()
                if mode == "silent": return self.wait_for_hangup()
                if mode == "json-huge":
                    head = "HTTP/1.1 200 OK\\r\\nContent-Type: application/x-amz-json-1.0\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n"
                    return self.stream(name, head, True, first=b'{"TableNames": ["')
                self.send_response(400)
                self.send_header("Content-Length", "0")
                self.end_headers()
        """

    static let port = Task { await LoopbackScriptServer.startHTTP(handler) }

    static func endpoint(_ path: String = "") async throws -> String {
        let port = try #require(await port.value, "the misbehaving server did not start")
        return "http://127.0.0.1:\(port)\(path)"
    }

    /// A client of the server (its endpoint below `path`), one attempt per call, with `options` added.
    static func client(path: String = "", _ options: [String: String] = [:]) async throws -> AWSClient {
        let configuration = try AWSConfiguration(options: [
            "endpoint_url": try await endpoint(path), "region": "us-east-1", "access_key_id": "AKIDEXAMPLE", "secret_access_key": "secret",
            "max_attempts": "1",
        ].merging(options) { $1 }, environment: ["HOME": "/nonexistent"])
        return try AWSClient(configuration: configuration, logger: .silent)
    }

    /// A fresh request name.
    static func name() -> String { "r\(UUID().uuidString.prefix(8).lowercased())" }

    /// The body bytes the server sent for request `name`, once it has stopped
    /// sending (the client hung up); nil if it never stopped (hang guard: 120 s).
    static func sentBytes(_ name: String) async throws -> Int? {
        let transport = try CurlTransport()
        defer { transport.shutdown() }
        let started = Date()
        while Date().timeIntervalSince(started) < 120 {
            let reply = try await transport.send(HTTPRequest(method: "GET", url: try endpoint("/sent/\(name)")))
            let state = try JSONSerialization.jsonObject(with: reply.body) as? [String: Any]
            if state?["done"] as? Bool == true { return state?["sent"] as? Int }
            try await Task.sleep(nanoseconds: 100_000_000)
        }
        return nil
    }
}
