import ArgumentParser
import CloudKit

/// `cloudkit storage sync SRC DST`: make DST have what SRC has (a local
/// folder or `ck://BUCKET[/PREFIX]` on each side); the logic is
/// `StorageSync`, `SyncPlanner` and `SyncRunner` in the library.
struct SyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync", abstract: "Copy what is missing or different from SRC to DST (folders and ck://BUCKET/PREFIX).",
        discussion: """
            A side written ck://BUCKET or ck://BUCKET/PREFIX is the keys under that prefix; anything else is a local folder. \
            A file is uploaded when the object is missing, its size differs or the file is newer; an object is downloaded \
            when the file is missing, its size differs or the object is newer; bucket to bucket, when the size or ETag differs. \
            Symbolic links are skipped with a note. Exit 1 when any path failed (the others are still done).
            """)
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Where to copy from: a local folder or ck://BUCKET[/PREFIX].") var source: String
    @Argument(help: "Where to copy to: a local folder or ck://BUCKET[/PREFIX].") var destination: String
    @Flag(help: "Also delete from DST what SRC lacks (among the paths the filters include).") var delete = false
    @Flag(name: .customLong("dry-run"), help: "Print what would be done, one line per action, and change nothing.") var dryRun = false
    @OptionGroup var filters: FilterFlags
    @Option(help: "Transfers at a time (1 to 256).") var jobs: Int = 8

    func run() async throws {
        guard (1...256).contains(jobs) else { throw ValidationError("--jobs must be 1 to 256") }
        let from = try SyncEndpoint.parse(source)
        let to = try SyncEndpoint.parse(destination)
        let filter = try filters.filter()
        let cloud = try await global.load()
        let sync = try StorageSync(storage: cloud.storage, source: from, destination: to)
        let planned = try await sync.plan(SyncOptions(delete: delete, filter: filter))
        for note in planned.notes { Terminal.error("note: \(Terminal.plainName(note))") }
        let total = planned.plan.actions.count + planned.plan.refusals.count
        let summary: SyncSummary
        if dryRun {
            for action in planned.plan.actions { print(SyncOutput.line(action, from: from, to: to, dryRun: true)) }
            summary = SyncSummary(planned: planned.plan)
            for failure in summary.failures { Terminal.error(SyncOutput.failure(failure, at: from)) }
        } else {
            summary = await sync.runner(jobs: jobs).run(planned.plan) { SyncOutput.report($0, from: from, to: to) }
        }
        var counted = summary
        counted.skipped += planned.notes.count
        print((dryRun ? "(dry run) " : "") + counted.line)
        try SyncOutput.finish(summary, total: total)
    }
}
