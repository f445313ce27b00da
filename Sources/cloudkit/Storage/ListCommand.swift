import ArgumentParser
import CloudKit
import Foundation

/// `cloudkit storage list B [--prefix P] [--delimiter D] [--long [--human]]`: every page, one
/// entry per line (a key holding a control character, such as a newline, printed as a quoted
/// JSON string); `--long` adds the date and size as `aws s3 ls` does (`LongListing`).
struct ListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List keys (and, with a delimiter, common prefixes), one per line.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Bucket name.") var bucket: String
    @Option(help: "Only keys that start with this.") var prefix: String?
    @Option(help: "Roll keys up to this character into common prefixes.") var delimiter: String?
    @Option(name: .customLong("page-size"), help: "Keys per request (1 to 1000).") var pageSize: Int = 1000
    @Flag(help: "Show each key's last-modified time (UTC) and size, and prefixes as PRE.") var long = false
    @Flag(help: "With --long (implied): sizes as 1.5 KiB, 3.0 MiB, …") var human = false

    func run() async throws {
        guard (1...1000).contains(pageSize) else { throw ValidationError("--page-size must be 1 to 1000") }
        let cloud = try await global.load()
        for try await entry in entries(cloud.storage) {
            if global.json {
                if let object = entry.object {
                    var row: [String: Any] = ["key": object.key, "size": object.size]
                    if let etag = object.etag { row["etag"] = etag }
                    if let date = Terminal.iso8601(object.lastModified) { row["lastModified"] = date }
                    try Terminal.printJSON(row)
                } else {
                    try Terminal.printJSON(["prefix": entry.name])
                }
            } else if long || human {
                print(LongListing.line(entry, human: human))
            } else {
                print(Terminal.plainName(entry.name))
            }
        }
    }

    /// Every key (with its object) and common prefix (without), page by page;
    /// a page token the provider hands back twice fails the listing
    /// (`RepeatedPageToken`) instead of printing forever.
    func entries(_ storage: any ObjectStorage) -> Paginated<ListEntry> {
        let (bucket, prefix, delimiter, pageSize) = (bucket, prefix, delimiter, pageSize)
        return Paginated { token throws(CloudError) in
            let page = try await storage.listObjects(
                ListObjectsRequest(bucket: bucket, prefix: prefix, delimiter: delimiter, pageToken: token, maxKeys: pageSize))
            // Keys and prefixes interleaved in the order S3 defines (UTF-8 bytes).
            let entries = (page.objects.map { ListEntry(name: $0.key, object: $0) } + page.commonPrefixes.map { ListEntry(name: $0, object: nil) })
                .sorted { Array($0.name.utf8).lexicographicallyPrecedes(Array($1.name.utf8)) }
            return (entries, page.nextPageToken)
        }
    }
}

/// One line of `storage list`: a key and its object, or a common prefix.
struct ListEntry: Sendable {
    var name: String
    var object: ObjectSummary?
}
