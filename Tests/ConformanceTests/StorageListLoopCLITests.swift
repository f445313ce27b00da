import CloudKit
import CloudKitTestSupport
import Foundation
import Testing

/// `cloudkit storage list` against a fake S3 whose ListObjectsV2 tokens go
/// round in a cycle (`a`, `b`, `a`, …; never the one just sent, so only the
/// CLI's own loop can notice): the CLI prints the pages it got and fails
/// with `RepeatedPageToken` instead of listing forever (the page that
/// repeats a token is not printed).
@Suite("cloudkit storage list refuses a repeated page token", .enabled(if: ProviderFixture.builtProviders.contains("aws")))
struct StorageListLoopCLITests {
    static let handler = """
        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            def log_message(self, *args): pass
            def do_GET(self):
                query = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query)
                token = query.get("continuation-token", [""])[0]
                following = {"": "a", "a": "b", "b": "a"}.get(token, "a")
                body = ("<ListBucketResult><Name>loop</Name><Contents><Key>key-%s</Key><Size>1</Size></Contents>"
                        "<IsTruncated>true</IsTruncated><NextContinuationToken>%s</NextContinuationToken></ListBucketResult>" % (token or "first", following)).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/xml")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
        """

    static let port = Task { await LoopbackScriptServer.startHTTP(handler) }

    @Test("the pages before the repeat are printed, then error: internal … RepeatedPageToken, exit 1")
    func repeatedToken() async throws {
        let port = try #require(await Self.port.value, "the fake S3 did not start")
        let home = try ProviderFixture.temporaryDirectory("list-loop")
        var environment = ProviderFixture.environment.filter { !$0.key.hasPrefix("AWS_") && !$0.key.hasPrefix("CLOUDKIT_") }
        environment.merge([
            "HOME": home, "XDG_CONFIG_HOME": home, "AWS_ACCESS_KEY_ID": "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY": "secret",
            "AWS_EC2_METADATA_DISABLED": "true", "CLOUDKIT_PLUGIN_PATH": ProviderFixture.binDirectory,
        ]) { $1 }
        let outcome = try await ProgramRunner.run(
            "\(ProviderFixture.binDirectory)/cloudkit",
            ["--provider", "aws", "--endpoint-url", "http://127.0.0.1:\(port)", "--region", "us-east-1", "storage", "list", "loop"],
            environment: environment)
        #expect(outcome.status == 1, "\(outcome.stderr)")
        #expect(outcome.stderr.contains("RepeatedPageToken"), "\(outcome.stderr)")
        #expect(outcome.stderr.hasPrefix("error: internal"), "\(outcome.stderr)")
        #expect(outcome.text == "key-first\nkey-a\n", "the page that repeats a token is not printed")
    }
}
