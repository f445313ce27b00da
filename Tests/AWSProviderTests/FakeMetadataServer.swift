import CloudKitTestSupport
import Foundation

/// A loopback server imitating the EC2 instance metadata service (IMDSv2)
/// and the container credentials endpoint, written for these tests. The
/// first path segment picks a behaviour: `ok`, `notoken` (the token PUT is
/// refused), `slow` (answers after 600 s), `malformed` (credentials that are not
/// JSON), `norole` (no role attached); `/container/ok` and
/// `/container/malformed` serve container credentials to callers presenting
/// `Authorization: Bearer container-token`.
enum FakeMetadataServer {
    static let script = """
        import time
        CREDS = json.dumps({"Code": "Success", "AccessKeyId": "ASIAFAKE", "SecretAccessKey": "fake-secret", "Token": "fake-token",
                            "Expiration": "2099-01-01T00:00:00Z"}).encode()
        class Handler(BaseHandler):
            def reply(self, status, body=b""):
                self.send_response(status)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            def do_PUT(self):
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                mode = self.path.split("/")[1]
                if mode == "slow": time.sleep(600)
                if mode == "notoken": return self.reply(403)
                if self.path.endswith("/latest/api/token") and self.headers.get("X-aws-ec2-metadata-token-ttl-seconds"):
                    return self.reply(200, b"imds-token")
                self.reply(400)
            def do_GET(self):
                parts = self.path.split("/")
                if parts[1] == "container":
                    if self.headers.get("Authorization") != "Bearer container-token": return self.reply(401)
                    return self.reply(200, CREDS if parts[2] == "ok" else b"<html>not json")
                if self.headers.get("X-aws-ec2-metadata-token") != "imds-token": return self.reply(401)
                if self.path.endswith("/security-credentials/"):
                    return self.reply(404) if parts[1] == "norole" else self.reply(200, b"role-a\\n")
                if self.path.endswith("/security-credentials/role-a"):
                    return self.reply(200, b"{not json" if parts[1] == "malformed" else CREDS)
                self.reply(404)
        """

    /// The server's base URL, started once per test process (it exits when the tests do).
    static let baseURL = Task { await LoopbackScriptServer.startHTTP(script).map { "http://127.0.0.1:\($0)" } }
}
