import Foundation

/// Starts a Python test server on loopback: the script binds port 0, prints
/// the port on its first line, and exits when its stdin closes (when the test
/// process ends), so no server outlives the tests.
public enum LoopbackScriptServer {
    /// The port the script printed, or nil when it did not start. The line is
    /// read on a thread of its own; the caller waits suspended.
    public static func start(_ script: String) async -> Int? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script]
        let output = Pipe()
        process.standardOutput = output
        process.standardInput = Pipe()
        guard (try? process.run()) != nil else { return nil }
        let firstLine = Handoff<Data>()
        HelperThreads.detach {
            var line = Data()
            while let byte = try? output.fileHandleForReading.read(upToCount: 1), let first = byte.first, first != 10 { line.append(first) }
            firstLine.deliver(line)
        }
        return Int(String(decoding: await firstLine.value, as: UTF8.self))
    }

    /// Starts an HTTP/1.1 server on loopback whose requests go to `handler`:
    /// Python that defines `class Handler` — on `BaseHandler`, or on
    /// `http.server.BaseHTTPRequestHandler` — with anything it needs above it
    /// (`http.server`, `json`, `sys`, `threading`, `os` and `urllib.parse`
    /// are imported). `BaseHandler` logs
    /// nothing and has `reply(status, body="", headers={})`, which sends a
    /// string as it is or anything else as JSON, with its length (no body to a HEAD).
    public static func startHTTP(_ handler: String) async -> Int? {
        await start(httpPreamble + handler + httpServing)
    }

    static let httpPreamble = """
        import http.server, json, sys, threading, os, urllib.parse
        class BaseHandler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            def log_message(self, *args): pass
            def reply(self, status, body="", headers={}):
                data = (body if isinstance(body, str) else json.dumps(body)).encode()
                self.send_response(status)
                for name, value in headers.items(): self.send_header(name, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                if self.command != "HEAD": self.wfile.write(data)

        """

    static let httpServing = """

        class Server(http.server.ThreadingHTTPServer):
            daemon_threads = True
        server = Server(("127.0.0.1", 0), Handler)
        print(server.server_address[1], flush=True)
        threading.Thread(target=lambda: (sys.stdin.read(), os._exit(0)), daemon=True).start()
        server.serve_forever()
        """
}
