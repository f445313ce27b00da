import Foundation

/// A path a sync or bulk delete could not handle, and why.
public struct SyncFailure: Sendable, Hashable {
    /// What was being done (nil: the path was refused or could not be listed).
    public var kind: SyncAction.Kind?
    public var path: String
    public var error: CloudError

    public init(kind: SyncAction.Kind?, path: String, error: CloudError) {
        self.kind = kind
        self.path = path
        self.error = error
    }
}

/// What a sync (or a bulk delete) did, counted.
public struct SyncSummary: Sendable, Hashable {
    public var uploaded = 0
    public var downloaded = 0
    public var copied = 0
    public var deleted = 0
    public var skipped = 0
    /// Every failure, in the order they happened.
    public var failures: [SyncFailure] = []
    /// Bytes uploaded, downloaded and copied.
    public var bytes: Int64 = 0
    public var seconds: Double = 0

    public init() {}

    /// What a plan would do if every action succeeded (for a dry run).
    public init(planned plan: SyncPlan) {
        for action in plan.actions { record(action) }
        skipped = plan.skipped
        failures = plan.refusals.map { SyncFailure(kind: nil, path: $0.path, error: $0.error) }
    }

    public var failed: Int { failures.count }

    /// Counts one action that succeeded.
    public mutating func record(_ action: SyncAction) {
        switch action.kind {
        case .upload: uploaded += 1
        case .download: downloaded += 1
        case .copy: copied += 1
        case .delete: deleted += 1
        }
        bytes += action.size
    }

    /// `N uploaded, N downloaded, N copied, N deleted, N skipped, N failed; 1.5 MiB; 0.4 s`.
    public var line: String {
        "\(uploaded) uploaded, \(downloaded) downloaded, \(copied) copied, \(deleted) deleted, \(skipped) skipped, \(failed) failed; "
            + "\(ByteCount.human(bytes)); \(timeText)"
    }

    /// `N deleted, N failed; 0.4 s`, for a bulk delete.
    public var deletionLine: String { "\(deleted) deleted, \(failed) failed; \(timeText)" }

    private var timeText: String { "\(String(format: "%.1f", seconds)) s" }
}
