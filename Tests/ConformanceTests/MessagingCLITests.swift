import CloudKit
import CloudKitTestSupport
import Foundation
import Testing

/// `cloudkit queue` and `cloudkit pubsub` on the local provider.
@Suite("cloudkit queue and pubsub CLI")
struct MessagingCLITests {
    let cli = CLITests()

    @Test("create, send with attributes, receive as JSON, ack; a topic fans out to a raw subscription")
    func roundTrip() async throws {
        let root = try ProviderFixture.temporaryDirectory("mqcli")
        let url = try await cli.run(["queue", "create", "jobs", "--visibility", "60"], root: root)
        #expect(url.text == "local://queues/jobs\n", "\(url.stderr)")
        let sent = try await cli.run(["queue", "send", "jobs", "-", "--attr", "size=small", "--attr", "n:Number=3"], stdin: Data("from stdin".utf8), root: root)
        #expect(sent.status == 0, "\(sent.stderr)")
        let received = try await cli.run(["queue", "receive", "jobs", "--max", "10"], root: root)
        let message = try JSONValue.parse(received.text.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(message["body"] == .string("from stdin"))
        #expect(message["messageId"]?.stringValue == sent.text.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(message["attributes"]?["n"] == (try JSONValue.parse(#"{"type":"Number","value":"3"}"#)))
        let handle = try #require(message["receiptHandle"]?.stringValue)
        #expect(try await cli.run(["queue", "ack", "jobs", handle], root: root).status == 0)
        #expect(try await cli.run(["queue", "counts", "jobs"], root: root).text == #"{"delayed":0,"inFlight":0,"visible":0}"# + "\n")
        #expect(try await cli.run(["pubsub", "create-topic", "events"], root: root).text == "arn:aws:sns:local:000000000000:events\n")
        let subscription = try await cli.run(["pubsub", "subscribe", "events", "--queue", "jobs", "--raw", "--filter", #"{"size":["small"]}"#], root: root)
        #expect(subscription.status == 0, "\(subscription.stderr)")
        #expect(try await cli.run(["pubsub", "publish", "events", "big one", "--attr", "size=big"], root: root).status == 0)
        #expect(try await cli.run(["pubsub", "publish", "events", "small one", "--attr", "size=small", "--subject", "S"], root: root).status == 0)
        let delivered = try await cli.run(["queue", "receive", "jobs", "--max", "10", "--wait", "1"], root: root)
        #expect(delivered.text.split(separator: "\n").count == 1)
        #expect(delivered.text.contains(#""body":"small one""#))
        let listing = try await cli.run(["pubsub", "subscriptions", "events"], root: root)
        #expect(listing.text.contains(#""raw":true"#))
        let arn = try #require(try JSONValue.parse(listing.text.trimmingCharacters(in: .whitespacesAndNewlines))["id"]?.stringValue)
        #expect(try await cli.run(["pubsub", "unsubscribe", arn], root: root).status == 0)
        #expect(try await cli.run(["queue", "purge", "jobs"], root: root).status == 0)
        #expect(try await cli.run(["queue", "delete", "jobs"], root: root).status == 0)
        #expect(try await cli.run(["queue", "send", "jobs", "x"], root: root).status == 3)
        #expect(try await cli.run(["queue", "receive", "nope", "--wait", "30"], root: root).status == 1)
    }

    @Test("Ctrl-C during a call cancels it: the CLI says cancelled, exits 130, and the call's work is stopped")
    func interrupt() async throws {
        // A local function that would run for 10 minutes: only the interrupt can end the call.
        let root = try FunctionFixture.localRoot("mqint", functions: ["forever": "#!/bin/sh\necho $$ > \"$CLOUDKIT_TEST_PID_FILE\"\nexec sleep 600\n"])
        let pidFile = "\(root)/function.pid"
        var environment = cli.environment(root: root)
        environment["CLOUDKIT_TEST_PID_FILE"] = pidFile
        let process = try RunningProgram(cli.cli, ["fn", "invoke", "forever", "{}", "--option", "function_timeout=900"], environment: environment)
        // Signal once the CLI catches SIGINT and the function runs, however long a loaded machine takes.
        #expect(await Self.eventually { Self.catchesInterrupt(process.processIdentifier) && FileManager.default.fileExists(atPath: pidFile) })
        kill(process.processIdentifier, SIGINT)
        let outcome = await process.outcome()
        let stderr = outcome.stderr
        #expect(outcome.status == 130)
        #expect(stderr.contains("cancelled"), "\(stderr)")
        let pid = try #require(Int32((try? String(contentsOfFile: pidFile, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""))
        #expect(await Self.eventually { kill(pid, 0) != 0 }, "the function's process outlived the interrupt")
    }

    /// Whether process `pid` has a handler for SIGINT (bit 2 of SigCgt in /proc/PID/status).
    static func catchesInterrupt(_ pid: Int32) -> Bool {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("SigCgt:") }),
              let mask = UInt64(line.dropFirst("SigCgt:".count).trimmingCharacters(in: .whitespaces), radix: 16)
        else { return false }
        return mask & (1 << (UInt64(SIGINT) - 1)) != 0
    }

    /// Polls `condition` every 50 ms, for up to 120 s.
    static func eventually(_ condition: () -> Bool) async -> Bool {
        for _ in 0..<2400 {
            if condition() { return true }
            try? await Task.sleep(nanoseconds: 50_000_000)
        }
        return condition()
    }
}
