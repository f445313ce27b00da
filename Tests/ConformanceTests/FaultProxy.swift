import CloudKit
import CloudKitTestSupport
import Foundation

/// A small HTTP proxy in front of moto that injects the failures moto never
/// shows: an error reply instead of forwarding (503 SlowDown, 500, a
/// throttling error), or forwarding the request and then losing the reply
/// halfway (the service ran it; the client cannot know).
///
/// Faults are armed with `arm` and match a request when every one of the
/// given substrings is in
/// `"<METHOD> <path> <X-Amz-Target> sha256=<…> range=<Range> if-match=<If-Match> <body>"`, so
/// parallel tests that use their own bucket, queue or table names never take
/// each other's faults. `seen` counts the matching requests, faulted or not.
struct FaultProxy {
    let endpoint: String
    private let upstream: String

    /// What the proxy does to a matching request.
    enum Fault {
        /// Replies with `status`, `body` and `contentType`; the request never reaches moto.
        case reply(status: Int, body: String, contentType: String)
        /// Forwards the request to moto, then sends only half of moto's reply and closes the connection.
        case loseReply
    }

    /// Starts a proxy in front of `upstream` (an `http://127.0.0.1:PORT` moto).
    init(upstream: String) async throws {
        guard let port = await LoopbackScriptServer.start(Self.script(upstream: upstream)) else {
            throw CloudError(.internal, "the fault proxy did not start")
        }
        endpoint = "http://127.0.0.1:\(port)"
        self.upstream = upstream
    }

    /// Makes the next `times` requests matching all of `match` fail with `fault`.
    func arm(_ match: [String], _ fault: Fault, times: Int = 1) async throws {
        var object: [String: Any] = ["match": match, "times": times]
        switch fault {
        case .reply(let status, let body, let contentType):
            object["action"] = "reply"
            object["status"] = status
            object["body"] = body
            object["content_type"] = contentType
        case .loseReply:
            object["action"] = "lose-reply"
        }
        _ = try await control("POST", "/__fault", JSONSerialization.data(withJSONObject: object))
    }

    /// How many requests the proxy has seen that match all of `match`.
    func seen(_ match: [String]) async throws -> Int {
        let data = try await control("POST", "/__seen", try JSONSerialization.data(withJSONObject: match))
        return Int(String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }

    private func control(_ method: String, _ path: String, _ body: Data) async throws -> Data {
        let outcome = try await ProgramRunner.run(ProgramRunner.which("curl") ?? "/usr/bin/curl", [
            "-s", "-f", "-X", method, "--data-binary", "@-", "\(endpoint)\(path)",
        ], stdin: body)
        guard outcome.status == 0 else { throw CloudError(.internal, "fault proxy \(path) failed: \(outcome.stderr)") }
        return outcome.stdout
    }

    static func script(upstream: String) -> String {
        """
        import http.client, http.server, json, sys, threading, urllib.parse
        UPSTREAM = urllib.parse.urlsplit("\(upstream)")
        faults, seen, lock = [], [], threading.Lock()
        class Proxy(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            def log_message(self, *args): pass
            def read_body(self):
                length = int(self.headers.get("Content-Length") or 0)
                return self.rfile.read(length) if length else b""
            def send(self, status, body, headers):
                self.send_response(status)
                for name, value in headers: self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            def control(self, body):
                with lock:
                    if self.path == "/__fault":
                        faults.append(json.loads(body))
                        return self.send(200, b"armed", [])
                    wanted = json.loads(body)
                    return self.send(200, str(sum(1 for s in seen if all(w in s for w in wanted))).encode(), [])
            def handle_any(self):
                body = self.read_body()
                if self.path.startswith("/__"):
                    return self.control(body)
                description = " ".join([self.command, self.path, self.headers.get("X-Amz-Target", ""),
                                        "sha256=" + self.headers.get("x-amz-content-sha256", ""), "range=" + self.headers.get("Range", ""),
                                        "if-match=" + self.headers.get("If-Match", ""), body[:4096].decode("utf-8", "replace")])
                fault = None
                with lock:
                    seen.append(description)
                    for armed in faults:
                        if armed["times"] > 0 and all(w in description for w in armed["match"]):
                            armed["times"] -= 1
                            fault = armed
                            break
                if fault and fault["action"] == "reply":
                    return self.send(fault["status"], fault["body"].encode(), [("Content-Type", fault["content_type"])])
                upstream = http.client.HTTPConnection(UPSTREAM.hostname, UPSTREAM.port, timeout=30)
                headers = {k: v for k, v in self.headers.items() if k.lower() not in ("connection", "transfer-encoding")}
                upstream.request(self.command, self.path, body=body, headers=headers)
                reply = upstream.getresponse()
                data = reply.read()
                pass_headers = [(k, v) for k, v in reply.getheaders() if k.lower() not in ("content-length", "transfer-encoding", "connection")]
                upstream.close()
                if self.command == "HEAD":
                    self.send_response(reply.status)
                    for name, value in reply.getheaders():
                        if name.lower() not in ("transfer-encoding", "connection"): self.send_header(name, value)
                    self.end_headers()
                    return
                if fault and fault["action"] == "lose-reply":
                    self.send_response(reply.status)
                    for name, value in pass_headers: self.send_header(name, value)
                    self.send_header("Content-Length", str(len(data) + 100))
                    self.end_headers()
                    self.wfile.write(data[: len(data) // 2])
                    self.wfile.flush()
                    self.close_connection = True
                    return
                self.send(reply.status, data, pass_headers)
            do_GET = do_PUT = do_POST = do_DELETE = do_HEAD = handle_any
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Proxy)
        server.daemon_threads = True
        print(server.server_address[1], flush=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        sys.stdin.read()
        """
    }
}
