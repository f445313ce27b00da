import CloudKit
import Foundation

/// How sync and bulk deletes report: one line per action on stdout as it
/// finishes (or as planned, for a dry run), one `failed: …` line per
/// failure on stderr, a summary line at the end, and a non-zero exit when
/// anything failed.
enum SyncOutput {
    /// `upload: site/a.txt -> ck://www/a.txt`, `delete: ck://www/old.txt`, …
    static func line(_ action: SyncAction, from source: SyncEndpoint?, to destination: SyncEndpoint, dryRun: Bool = false) -> String {
        let target = destination.display(action.path)
        let text: String
        if action.kind == .delete || source == nil {
            text = "\(action.kind.rawValue): \(target)"
        } else {
            text = "\(action.kind.rawValue): \(source?.display(action.path) ?? "") -> \(target)"
        }
        return (dryRun ? "(dry run) " : "") + Terminal.plainName(text)
    }

    /// `failed: upload site/a.txt: invalid argument: …`.
    static func failure(_ failure: SyncFailure, at side: SyncEndpoint) -> String {
        let what = failure.kind.map { "\($0.rawValue) " } ?? ""
        return "failed: \(what)\(Terminal.plainName(side.display(failure.path))): \(failure.error.description)"
    }

    /// Prints an event as it happens.
    static func report(_ event: SyncEvent, from source: SyncEndpoint?, to destination: SyncEndpoint) {
        switch event {
        case .done(let action):
            print(line(action, from: source, to: destination))
        case .failed(let failed):
            Terminal.error(failure(failed, at: failed.kind == .delete ? destination : source ?? destination))
        }
    }

    /// Throws (exit 1, after the summary) when anything failed.
    static func finish(_ summary: SyncSummary, total: Int) throws {
        guard summary.failed > 0 else { return }
        throw PartialFailure(failed: summary.failed, total: total)
    }
}

/// Some paths of a sync or bulk delete failed (each already reported); exit 1.
struct PartialFailure: Error, CustomStringConvertible {
    var failed: Int
    var total: Int

    var description: String { "\(failed) of \(total) failed (listed above)" }
}
