import Foundation

/// Which way a sync moves bytes, from the kinds of its two sides.
public enum SyncDirection: String, Sendable, Hashable {
    /// A local folder to a bucket.
    case upload
    /// A bucket to a local folder.
    case download
    /// A bucket to a bucket, by server-side copies.
    case copy
}

/// One thing a sync does to one path.
public struct SyncAction: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        case upload, download, copy, delete
    }

    public var kind: Kind
    /// The path relative to both sides' roots.
    public var path: String
    /// The bytes it moves (a delete moves none).
    public var size: Int64
    /// The source's modification time (a download gives the file this time).
    public var modified: Date?

    public init(_ kind: Kind, _ path: String, size: Int64 = 0, modified: Date? = nil) {
        self.kind = kind
        self.path = path
        self.size = size
        self.modified = modified
    }
}

/// A source path the sync will not act on, and why (a key that cannot be a file name).
public struct SyncRefusal: Sendable, Hashable {
    public var path: String
    public var error: CloudError

    public init(path: String, error: CloudError) {
        self.path = path
        self.error = error
    }
}

/// What `SyncPlanner` decides: the actions (transfers in path order, then
/// deletions in path order), the refused paths, and how many paths were
/// already the same on both sides.
public struct SyncPlan: Sendable, Hashable {
    public var actions: [SyncAction]
    public var refusals: [SyncRefusal]
    public var skipped: Int

    public init(actions: [SyncAction] = [], refusals: [SyncRefusal] = [], skipped: Int = 0) {
        self.actions = actions
        self.refusals = refusals
        self.skipped = skipped
    }
}

/// How a sync chooses what to do.
public struct SyncOptions: Sendable, Hashable {
    /// Delete from the destination what the source lacks (among the paths the filter includes).
    public var delete: Bool
    /// Which paths take part, on both sides.
    public var filter: GlobFilter

    public init(delete: Bool = false, filter: GlobFilter = GlobFilter()) {
        self.delete = delete
        self.filter = filter
    }
}
