import CloudKit
import Foundation
import Testing

/// The CLI's listings, object option flags and conditional puts on the local provider.
@Suite("cloudkit listings and object options CLI")
struct ListingAndOptionsCLITests {
    let cli = CLITests()

    @Test("list-buckets, list-tables, queue list and list-topics print names (and ids with --json)")
    func listings() async throws {
        let root = try ProviderFixture.temporaryDirectory("cli-list")
        for arguments in [
            ["storage", "create-bucket", "ck-b1"], ["storage", "create-bucket", "ck-b2"], ["storage", "create-bucket", "other"],
            ["kv", "create-table", "ck-t1", "--partition-key", "pk"], ["queue", "create", "ck-q1"], ["pubsub", "create-topic", "ck-p1"],
        ] {
            let outcome = try await cli.run(arguments, root: root)
            #expect(outcome.status == 0, "\(arguments): \(outcome.stderr)")
        }
        #expect(try await cli.run(["storage", "list-buckets", "--prefix", "ck-", "--page-size", "1"], root: root).text == "ck-b1\nck-b2\n")
        #expect(try await cli.run(["kv", "list-tables"], root: root).text == "ck-t1\n")
        #expect(try await cli.run(["pubsub", "list-topics", "--prefix", "ck-"], root: root).text == "ck-p1\n")
        let queues = try await cli.run(["queue", "list", "--json"], root: root)
        let row = try #require(try JSONSerialization.jsonObject(with: queues.stdout) as? [String: Any])
        #expect(row["name"] as? String == "ck-q1")
        #expect((row["id"] as? String)?.isEmpty == false)
        let bad = try await cli.run(["storage", "list-buckets", "--page-size", "0"], root: root)
        #expect(bad.status != 0)
    }

    @Test("put with option flags; head shows them; --if-absent refuses a second put and keeps the first")
    func optionsAndConditions() async throws {
        let root = try ProviderFixture.temporaryDirectory("cli-opts")
        #expect(try await cli.run(["storage", "create-bucket", "opts"], root: root).status == 0)
        let put = try await cli.run(
            ["storage", "put", "opts", "k", "-", "--cache-control", "no-cache", "--content-disposition", "inline", "--tag", "team=core",
             "--tag", "a b=c/d", "--if-absent"], stdin: Data("first".utf8), root: root)
        #expect(put.status == 0, "\(put.stderr)")
        let head = try await cli.run(["storage", "head", "opts", "k"], root: root)
        let json = try #require(try JSONSerialization.jsonObject(with: head.stdout) as? [String: Any])
        let properties = try #require(json["properties"] as? [String: String])
        #expect(properties["cache_control"] == "no-cache")
        #expect(properties["content_disposition"] == "inline")
        #expect(properties["tag_count"] == "2")
        let again = try await cli.run(["storage", "put", "opts", "k", "-", "--if-absent"], stdin: Data("second".utf8), root: root)
        #expect(again.status == 1)
        #expect(again.stderr.contains("precondition failed"), "\(again.stderr)")
        #expect(try await cli.run(["storage", "get", "opts", "k", "-"], root: root).text == "first")
        let refused = try await cli.run(["storage", "put", "opts", "k2", "-", "--storage-class", "GLACIER"], stdin: Data("x".utf8), root: root)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("unsupported") && refused.stderr.contains("storage_class"), "\(refused.stderr)")
        let unknown = try await cli.run(["storage", "put", "opts", "k2", "-", "--object-option", "colour=red"], stdin: Data("x".utf8), root: root)
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("invalid argument") && unknown.stderr.contains("colour"), "\(unknown.stderr)")
        let etag = try #require(json["etag"] as? String)
        let notModified = try await cli.run(["storage", "get", "opts", "k", "-", "--if-none-match", etag], root: root)
        #expect(notModified.status == 1)
        #expect(notModified.stderr.contains("NotModified"), "\(notModified.stderr)")
    }
}

/// Plain `storage list` output: one name per line, whatever the key holds.
@Suite("cloudkit storage list output")
struct StorageListOutputTests {
    @Test("a key with a newline, a tab or a leading quote is printed as a quoted JSON string; others as they are")
    func controlCharacters() async throws {
        let cli = CLITests()
        let root = try ProviderFixture.temporaryDirectory("cli-names")
        #expect(try await cli.run(["storage", "create-bucket", "names"], root: root).status == 0)
        for key in ["plain key", "two\nlines", "tab\there", "\"quoted"] {
            let put = try await cli.run(["storage", "put", "names", key, "-"], stdin: Data("x".utf8), root: root)
            #expect(put.status == 0, "\(put.stderr)")
        }
        let listed = try await cli.run(["storage", "list", "names"], root: root)
        #expect(listed.text == "\"\\\"quoted\"\nplain key\n\"tab\\there\"\n\"two\\nlines\"\n", "\(listed.text)")
    }
}
