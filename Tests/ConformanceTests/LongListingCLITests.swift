import CloudKit
import Foundation
import Testing

/// `storage list --long`/`--human` and the content type `put` guesses, on every provider.
@Suite("cloudkit storage list --long and guessed content types")
struct LongListingCLITests {
    @Test("list --long shows UTC time, size and key, prefixes as PRE; --human sizes; put guesses the content type", arguments: ProviderFixture.providers)
    func longListing(provider: String) async throws {
        let cli = try await ProviderCLI.open(provider)
        let bucket = try await cli.bucket("long")
        try await cli.put(bucket, "a.txt", "hello")
        try await cli.put(bucket, "big.bin", String(repeating: "x", count: 1536))
        try await cli.put(bucket, "dir/x", "x")
        let long = try await cli.run(["storage", "list", bucket, "--long", "--delimiter", "/"])
        #expect(long.status == 0, "\(long.stderr)")
        let lines = long.text.split(separator: "\n").map(String.init)
        let date = #"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"#
        #expect(lines.count == 3)
        #expect(try lines[0].wholeMatch(of: Regex(date + #" {10}5 a\.txt"#)) != nil, "\(lines)")
        #expect(try lines[1].wholeMatch(of: Regex(date + #" {7}1536 big\.bin"#)) != nil, "\(lines)")
        #expect(lines[2] == String(repeating: " ", count: 28) + "PRE dir/")
        let human = try await cli.run(["storage", "list", bucket, "--human"])
        let sizes = human.text.split(separator: "\n").map { $0.dropFirst(21).prefix(10).trimmingCharacters(in: .whitespaces) }
        #expect(sizes == ["5 B", "1.5 KiB", "1 B"], "\(human.text)")

        let file = try ProviderFixture.temporaryDirectory("put") + "/page"
        try Data("<p>".utf8).write(to: URL(fileURLWithPath: file))
        #expect(try await cli.run(["storage", "put", bucket, "site/index.html", file]).status == 0)
        #expect(try await cli.run(["storage", "put", bucket, "site/raw.html", file, "--content-type", "text/plain"]).status == 0)
        #expect(try await cli.cloud.storage.headObject(bucket: bucket, key: "site/index.html").contentType == "text/html")
        #expect(try await cli.cloud.storage.headObject(bucket: bucket, key: "site/raw.html").contentType == "text/plain")
    }
}
