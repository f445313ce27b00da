import Foundation

/// The summary that concurrent actions add to, reporting each outcome as it comes.
final class SyncTally: Sendable {
    private let summary: Locked<SyncSummary>
    private let started = Date()
    private let events: @Sendable (SyncEvent) -> Void

    init(_ initial: SyncSummary = SyncSummary(), events: @escaping @Sendable (SyncEvent) -> Void) {
        summary = Locked(initial)
        self.events = events
    }

    /// Runs `body` for `action` and counts it done, or failed with what it threw.
    func attempt(_ action: SyncAction, _ body: () async throws(CloudError) -> Void) async {
        do {
            try await body()
            summary.withLock { $0.record(action) }
            events(.done(action))
        } catch {
            fail(SyncFailure(kind: action.kind, path: action.path, error: error))
        }
    }

    /// Counts and reports a failure.
    func fail(_ failure: SyncFailure) {
        summary.withLock { $0.failures.append(failure) }
        events(.failed(failure))
    }

    /// The summary, with the time since the tally began.
    func finish() -> SyncSummary {
        summary.withLock { summary in
            summary.seconds = Date().timeIntervalSince(started)
            return summary
        }
    }
}
