import ArgumentParser
import CloudKit
import Foundation

/// `cloudkit storage list B [--prefix P] [--delimiter D]`: every page, one entry per line.
struct ListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List keys (and, with a delimiter, common prefixes), one per line.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Bucket name.") var bucket: String
    @Option(help: "Only keys that start with this.") var prefix: String?
    @Option(help: "Roll keys up to this character into common prefixes.") var delimiter: String?
    @Option(name: .customLong("page-size"), help: "Keys per request (1 to 1000).") var pageSize: Int = 1000

    func run() async throws {
        guard (1...1000).contains(pageSize) else { throw ValidationError("--page-size must be 1 to 1000") }
        let cloud = try await global.load()
        var token: String?
        repeat {
            let page = try await cloud.storage.listObjects(
                ListObjectsRequest(bucket: bucket, prefix: prefix, delimiter: delimiter, pageToken: token, maxKeys: pageSize))
            // Keys and prefixes interleaved in the order S3 defines (UTF-8 bytes).
            let entries = (page.objects.map { ($0.key, Optional($0)) } + page.commonPrefixes.map { ($0, nil) })
                .sorted { Array($0.0.utf8).lexicographicallyPrecedes(Array($1.0.utf8)) }
            for (name, object) in entries {
                if global.json {
                    if let object {
                        var row: [String: Any] = ["key": object.key, "size": object.size]
                        if let etag = object.etag { row["etag"] = etag }
                        if let date = Terminal.iso8601(object.lastModified) { row["lastModified"] = date }
                        try Terminal.printJSON(row)
                    } else {
                        try Terminal.printJSON(["prefix": name])
                    }
                } else {
                    print(name)
                }
            }
            token = page.nextPageToken
        } while token != nil
    }
}
