import CloudKit
import Foundation
import Testing

/// `cloudkit kv` on the local provider: JSON in and out, conditions, paging and exit statuses.
@Suite("cloudkit kv CLI")
struct KVCLITests {
    let cli = CLITests()

    @Test("create, put, get, update, query, scan and delete print items as one JSON line each")
    func roundTrip() async throws {
        let root = try ProviderFixture.temporaryDirectory("kvcli")
        #expect(try await cli.run(["kv", "create-table", "events", "--partition-key", "user", "--sort-key", "ts:N"], root: root).status == 0)
        for ts in [3, 1, 2] {
            let put = try await cli.run(["kv", "put", "events", #"{"user":"ann","ts":\#(ts),"n":12345678901234567890123456789012345678}"#], root: root)
            #expect(put.status == 0, "\(put.stderr)")
        }
        let get = try await cli.run(["kv", "get", "events", #"{"user":"ann","ts":2}"#], root: root)
        #expect(get.text == #"{"n":12345678901234567890123456789012345678,"ts":2,"user":"ann"}"# + "\n")
        let update = try await cli.run(["kv", "update", "events", #"{"user":"ann","ts":2}"#, "--set", #"{"b":{"$b64":"AQ=="}}"#, "--add", #"{"count":2}"#, "--remove", "n"], root: root)
        #expect(update.text == #"{"b":{"$b64":"AQ=="},"count":2,"ts":2,"user":"ann"}"# + "\n", "\(update.stderr)")
        let query = try await cli.run(["kv", "query", "events", "--partition", "ann", "--sort-ge", "2", "--desc"], root: root)
        #expect(query.text.split(separator: "\n").map { $0.contains(#""ts":3"#) } == [true, false])
        let limited = try await cli.run(["kv", "query", "events", "--partition", "ann", "--limit", "1"], root: root)
        #expect(limited.text.split(separator: "\n").count == 1)
        #expect(limited.stderr.hasPrefix("next page token: "))
        let token = limited.stderr.dropFirst("next page token: ".count).trimmingCharacters(in: .whitespacesAndNewlines)
        let rest = try await cli.run(["kv", "query", "events", "--partition", "ann", "--page-token", token], root: root)
        #expect(rest.text.split(separator: "\n").count == 2)
        let scan = try await cli.run(["kv", "scan", "events"], root: root)
        #expect(scan.text.split(separator: "\n").count == 3)
        #expect(try await cli.run(["kv", "delete", "events", #"{"user":"ann","ts":1}"#], root: root).status == 0)
        #expect(try await cli.run(["kv", "delete-table", "events"], root: root).status == 0)
    }

    @Test("failed conditions exit 1 with 'precondition failed'; absent items and tables exit 3; bad JSON exits 1")
    func statuses() async throws {
        let root = try ProviderFixture.temporaryDirectory("kvcli")
        _ = try await cli.run(["kv", "create-table", "t1x", "--partition-key", "id"], root: root)
        #expect(try await cli.run(["kv", "put", "t1x", #"{"id":"a","v":1}"#, "--if-absent"], root: root).status == 0)
        let again = try await cli.run(["kv", "put", "t1x", #"{"id":"a","v":2}"#, "--if-absent"], root: root)
        #expect(again.status == 1)
        #expect(again.stderr.hasPrefix("error: precondition failed: "))
        let wrong = try await cli.run(["kv", "delete", "t1x", #"{"id":"a"}"#, "--if-equals", "v=2"], root: root)
        #expect(wrong.status == 1)
        #expect(try await cli.run(["kv", "get", "t1x", #"{"id":"a"}"#], root: root).text == #"{"id":"a","v":1}"# + "\n")
        #expect(try await cli.run(["kv", "get", "t1x", #"{"id":"zz"}"#], root: root).status == 3)
        #expect(try await cli.run(["kv", "get", "nosuchtable", #"{"id":"a"}"#], root: root).status == 3)
        let bad = try await cli.run(["kv", "put", "t1x", #"{"id":"a","v":1"#], root: root)
        #expect(bad.status == 1)
        #expect(bad.stderr.hasPrefix("error: invalid argument: item is not valid JSON"))
        #expect(try await cli.run(["kv", "update", "t1x", #"{"id":"a"}"#], root: root).status == 2)
        #expect(try await cli.run(["kv", "create-table", "t2x", "--partition-key", "id:Q"], root: root).status == 1)
    }
}
