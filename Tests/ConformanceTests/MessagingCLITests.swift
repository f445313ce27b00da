import CloudKit
import Foundation
import Testing

/// `cloudkit queue` and `cloudkit pubsub` on the local provider.
@Suite("cloudkit queue and pubsub CLI")
struct MessagingCLITests {
    let cli = CLITests()

    @Test("create, send with attributes, receive as JSON, ack; a topic fans out to a raw subscription")
    func roundTrip() throws {
        let root = try ProviderFixture.temporaryDirectory("mqcli")
        let url = try cli.run(["queue", "create", "jobs", "--visibility", "60"], root: root)
        #expect(url.text == "local://queues/jobs\n", "\(url.stderr)")
        let sent = try cli.run(["queue", "send", "jobs", "-", "--attr", "size=small", "--attr", "n:Number=3"], stdin: Data("from stdin".utf8), root: root)
        #expect(sent.status == 0, "\(sent.stderr)")
        let received = try cli.run(["queue", "receive", "jobs", "--max", "10"], root: root)
        let message = try JSONValue.parse(received.text.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(message["body"] == .string("from stdin"))
        #expect(message["messageId"]?.stringValue == sent.text.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(message["attributes"]?["n"] == (try JSONValue.parse(#"{"type":"Number","value":"3"}"#)))
        let handle = try #require(message["receiptHandle"]?.stringValue)
        #expect(try cli.run(["queue", "ack", "jobs", handle], root: root).status == 0)
        #expect(try cli.run(["queue", "counts", "jobs"], root: root).text == #"{"delayed":0,"inFlight":0,"visible":0}"# + "\n")
        #expect(try cli.run(["pubsub", "create-topic", "events"], root: root).text == "arn:aws:sns:local:000000000000:events\n")
        let subscription = try cli.run(["pubsub", "subscribe", "events", "--queue", "jobs", "--raw", "--filter", #"{"size":["small"]}"#], root: root)
        #expect(subscription.status == 0, "\(subscription.stderr)")
        #expect(try cli.run(["pubsub", "publish", "events", "big one", "--attr", "size=big"], root: root).status == 0)
        #expect(try cli.run(["pubsub", "publish", "events", "small one", "--attr", "size=small", "--subject", "S"], root: root).status == 0)
        let delivered = try cli.run(["queue", "receive", "jobs", "--max", "10", "--wait", "1"], root: root)
        #expect(delivered.text.split(separator: "\n").count == 1)
        #expect(delivered.text.contains(#""body":"small one""#))
        let listing = try cli.run(["pubsub", "subscriptions", "events"], root: root)
        #expect(listing.text.contains(#""raw":true"#))
        let arn = try #require(try JSONValue.parse(listing.text.trimmingCharacters(in: .whitespacesAndNewlines))["id"]?.stringValue)
        #expect(try cli.run(["pubsub", "unsubscribe", arn], root: root).status == 0)
        #expect(try cli.run(["queue", "purge", "jobs"], root: root).status == 0)
        #expect(try cli.run(["queue", "delete", "jobs"], root: root).status == 0)
        #expect(try cli.run(["queue", "send", "jobs", "x"], root: root).status == 3)
        #expect(try cli.run(["queue", "receive", "nope", "--wait", "30"], root: root).status == 1)
    }

    @Test("Ctrl-C during a long poll cancels it: the CLI says cancelled and exits 130 at once")
    func interrupt() async throws {
        let root = try ProviderFixture.temporaryDirectory("mqint")
        #expect(try cli.run(["queue", "create", "waiting"], root: root).status == 0)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: cli.cli)
        process.arguments = ["queue", "receive", "waiting", "--wait", "20"]
        process.environment = cli.environment(root: root)
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = Pipe()
        try process.run()
        try await Task.sleep(nanoseconds: 1_000_000_000)
        kill(process.processIdentifier, SIGINT)
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        // A receive that ran its 20 s course would exit 0; 130 and "cancelled" mean Ctrl-C ended it.
        #expect(process.terminationStatus == 130)
        #expect(stderr.contains("cancelled"), "\(stderr)")
    }
}
