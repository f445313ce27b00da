import Foundation

/// One file or object of a sync side, by its path relative to the side's
/// root (`/`-separated; for a bucket, the key without the prefix).
public struct SyncEntry: Sendable, Hashable {
    public var path: String
    public var size: Int64
    /// A file's modification time, or an object's last-modified date.
    public var modified: Date?
    /// An object's ETag (nil for files).
    public var etag: String?

    public init(path: String, size: Int64, modified: Date? = nil, etag: String? = nil) {
        self.path = path
        self.size = size
        self.modified = modified
        self.etag = etag
    }
}
