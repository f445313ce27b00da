import ArgumentParser
import CloudKit

/// `cloudkit storage delete B KEY`, or every key under a prefix with `--recursive`.
struct DeleteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete", abstract: "Delete an object, or with --recursive every object under a prefix.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Bucket name.") var bucket: String
    @Argument(help: "Object key (not with --recursive).") var key: String?
    @Option(help: "With --recursive: only keys that start with this (taken as written, not as a folder).") var prefix: String?
    @Flag(help: "Delete every key under --prefix (or the whole bucket), several at a time.") var recursive = false
    @Flag(name: .customLong("dry-run"), help: "With --recursive: print what would be deleted and delete nothing.") var dryRun = false
    @OptionGroup var filters: FilterFlags
    @Option(help: "With --recursive: deletions at a time (1 to 256).") var jobs: Int = 8

    func validate() throws {
        if recursive {
            guard key == nil else { throw ValidationError("--recursive deletes keys by --prefix; give no KEY") }
            guard (1...256).contains(jobs) else { throw ValidationError("--jobs must be 1 to 256") }
        } else {
            guard key != nil else { throw ValidationError("give a KEY, or --recursive (with --prefix) to delete many") }
            guard prefix == nil, !dryRun, filters.isEmpty else {
                throw ValidationError("--prefix, --dry-run, --exclude and --include go with --recursive")
            }
        }
    }

    func run() async throws {
        let cloud = try await global.load()
        if !recursive, let key {
            try await cloud.storage.deleteObject(bucket: bucket, key: key)
            return
        }
        let deleter = BulkDelete(storage: cloud.storage, bucket: bucket, prefix: prefix ?? "", filter: try filters.filter(), jobs: jobs)
        try await BulkDeleteOutput.run(bucket: bucket, dryRun: dryRun) { events in try await deleter.run(dryRun: dryRun, events: events) }
    }
}

/// `cloudkit storage delete-bucket B [--force]`.
struct DeleteBucketCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete-bucket", abstract: "Delete an empty bucket, or with --force empty it first.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Bucket name.") var bucket: String
    @Flag(help: "Delete every object first (the bucket stays if any cannot be deleted).") var force = false
    @Option(help: "With --force: deletions at a time (1 to 256).") var jobs: Int = 8

    func validate() throws {
        guard (1...256).contains(jobs) else { throw ValidationError("--jobs must be 1 to 256") }
    }

    func run() async throws {
        let cloud = try await global.load()
        guard force else {
            try await cloud.storage.deleteBucket(bucket)
            return
        }
        let deleter = BulkDelete(storage: cloud.storage, bucket: bucket, jobs: jobs)
        try await BulkDeleteOutput.run(bucket: bucket, dryRun: false) { events in try await deleter.emptyAndDeleteBucket(events: events) }
    }
}

/// The output of a bulk delete: a line per key, failures on stderr, the summary, exit 1 on a failure.
enum BulkDeleteOutput {
    static func run(
        bucket: String, dryRun: Bool, _ body: (@escaping @Sendable (SyncEvent) -> Void) async throws -> SyncSummary
    ) async throws {
        let side = SyncEndpoint.bucket(name: bucket, prefix: "")
        let summary = try await body { event in
            switch event {
            case .done(let action): print(SyncOutput.line(action, from: nil, to: side, dryRun: dryRun))
            case .failed(let failure): Terminal.error(SyncOutput.failure(failure, at: side))
            }
        }
        print((dryRun ? "(dry run) " : "") + summary.deletionLine)
        try SyncOutput.finish(summary, total: summary.deleted + summary.failed)
    }
}
