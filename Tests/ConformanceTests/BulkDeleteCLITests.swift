import CloudKit
import CloudKitTestSupport
import Foundation
import Testing

/// `storage delete --recursive` and `delete-bucket --force` on every provider.
@Suite("cloudkit storage bulk deletes")
struct BulkDeleteCLITests {
    @Test("delete --recursive deletes every key under the prefix (filters relative to it); --dry-run deletes nothing", arguments: ProviderFixture.providers)
    func recursive(provider: String) async throws {
        let cli = try await ProviderCLI.open(provider)
        let bucket = try await cli.bucket("rm")
        for key in ["logs/a", "logs/b/c", "logs/keep.me", "logs2/x", "other/y"] { try await cli.put(bucket, key, "v") }
        let dry = try await cli.run(["storage", "delete", bucket, "--prefix", "logs/", "--recursive", "--dry-run"])
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(dry.text.contains("(dry run) delete: ck://\(bucket)/logs/b/c\n"), "\(dry.text)")
        #expect(dry.text.contains("(dry run) 3 deleted, 0 failed; "), "\(dry.text)")
        #expect(try await cli.keys(bucket).count == 5)
        let real = try await cli.run(["storage", "delete", bucket, "--prefix", "logs/", "--recursive", "--exclude", "*.me"])
        #expect(real.status == 0, "\(real.stderr)")
        #expect(real.text.contains("2 deleted, 0 failed; "), "\(real.text)")
        #expect(try await cli.keys(bucket) == ["logs/keep.me", "logs2/x", "other/y"])
        let all = try await cli.run(["storage", "delete", bucket, "--recursive"])
        #expect(all.status == 0, "\(all.stderr)")
        #expect(try await cli.keys(bucket).isEmpty)
        for arguments in [["storage", "delete", bucket], ["storage", "delete", bucket, "k", "--recursive"], ["storage", "delete", bucket, "k", "--prefix", "p"]] {
            #expect(try await cli.run(arguments).status == 2, "\(arguments)")
        }
    }

    @Test("delete --recursive crosses a listing page (over 1000 keys), several deletions at a time")
    func manyKeys() async throws {
        let cli = try await ProviderCLI.open("local")
        let bucket = try await cli.bucket("many")
        let storage = cli.cloud.storage
        await BoundedConcurrency.forEach(0..<1005, limit: 16) { index in
            _ = try? await storage.putObject(PutObjectRequest(bucket: bucket, key: "many/\(index)", body: .bytes(Data())))
        }
        try await cli.put(bucket, "z-other", "stays")
        #expect(try await cli.keys(bucket, prefix: "many/").count == 1005)
        let outcome = try await cli.run(["storage", "delete", bucket, "--prefix", "many/", "--recursive", "--jobs", "16"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.text.contains("\n1005 deleted, 0 failed; "), "\(outcome.text.suffix(200))")
        #expect(try await cli.keys(bucket) == ["z-other"])
    }

    @Test("delete-bucket refuses a bucket with objects; --force empties it, then deletes it", arguments: ProviderFixture.providers)
    func forceDeleteBucket(provider: String) async throws {
        let cli = try await ProviderCLI.open(provider)
        let bucket = try await cli.bucket("force")
        for key in ["a", "b/c", "d/e/f"] { try await cli.put(bucket, key, "v") }
        #expect(try await cli.run(["storage", "delete-bucket", bucket]).status != 0)
        let forced = try await cli.run(["storage", "delete-bucket", bucket, "--force"])
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(forced.text.contains("3 deleted, 0 failed; "), "\(forced.text)")
        let buckets = try await cli.cloud.storage.allBuckets().collect().map(\.name)
        #expect(!buckets.contains(bucket))
    }
}
