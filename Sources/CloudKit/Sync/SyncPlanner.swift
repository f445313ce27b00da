import Foundation

/// Decides what a sync does, from the two sides' listings alone (no I/O).
///
/// A source path that passes the filter is transferred when the destination
/// lacks it or has it different:
/// - **upload** (folder → bucket): the sizes differ, or the file's
///   modification time is later than the object's last-modified date;
/// - **download** (bucket → folder): the sizes differ, or the object's
///   last-modified date is later than the file's modification time (a
///   download sets the file's time to the object's, so the two then agree);
/// - **copy** (bucket → bucket): the sizes differ, or both ETags are known
///   and differ (without both, the later last-modified date decides).
///
/// Times are compared in whole seconds, since S3 keeps no finer ones. With
/// `delete`, every destination path that passes the filter and that the
/// source lacks is deleted. On a bucket side of an upload or download, a key
/// ending in `/` (a folder marker) is not a file: it is neither downloaded
/// nor deleted. A download key that cannot be a file name
/// (`LocalName.segments(of:)`) is refused.
public enum SyncPlanner {
    public static func plan(source: [SyncEntry], destination: [SyncEntry], direction: SyncDirection, options: SyncOptions) -> SyncPlan {
        func participates(_ entry: SyncEntry) -> Bool {
            if direction != .copy, entry.path.isEmpty || entry.path.hasSuffix("/") { return false }
            return options.filter.includes(entry.path)
        }
        let sources = source.filter(participates)
        let destinations = Dictionary(destination.filter(participates).map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        var plan = SyncPlan()
        var sourcePaths = Set<String>()
        for entry in sources {
            sourcePaths.insert(entry.path)
            if direction == .download {
                do {
                    try LocalName.segments(of: entry.path)
                } catch {
                    plan.refusals.append(SyncRefusal(path: entry.path, error: error))
                    continue
                }
            }
            if let existing = destinations[entry.path], !differs(entry, existing, direction: direction) {
                plan.skipped += 1
                continue
            }
            plan.actions.append(SyncAction(kind(of: direction), entry.path, size: entry.size, modified: entry.modified))
        }
        if options.delete {
            for path in destinations.keys where !sourcePaths.contains(path) {
                plan.actions.append(SyncAction(.delete, path))
            }
        }
        plan.actions.sort { ($0.kind == .delete ? 1 : 0, $0.path.utf8Bytes) < ($1.kind == .delete ? 1 : 0, $1.path.utf8Bytes) }
        plan.refusals.sort { $0.path.utf8Bytes < $1.path.utf8Bytes }
        return plan
    }

    /// True when `source` must be transferred over `destination` (see the type's rules).
    public static func differs(_ source: SyncEntry, _ destination: SyncEntry, direction: SyncDirection) -> Bool {
        guard source.size == destination.size else { return true }
        if direction == .copy, let sourceTag = source.etag, let destinationTag = destination.etag {
            return unquoted(sourceTag) != unquoted(destinationTag)
        }
        guard let sourceTime = source.modified, let destinationTime = destination.modified else { return false }
        return sourceTime.timeIntervalSince1970.rounded(.down) > destinationTime.timeIntervalSince1970.rounded(.down)
    }

    private static func kind(of direction: SyncDirection) -> SyncAction.Kind {
        switch direction {
        case .upload: .upload
        case .download: .download
        case .copy: .copy
        }
    }

    private static func unquoted(_ etag: String) -> Substring {
        let trimmed = etag.hasPrefix("W/") ? etag.dropFirst(2) : Substring(etag)
        return trimmed.count >= 2 && trimmed.hasPrefix("\"") && trimmed.hasSuffix("\"") ? trimmed.dropFirst().dropLast() : trimmed
    }
}

extension String {
    /// For ordering as S3 lists keys: by UTF-8 bytes.
    var utf8Bytes: UTF8Bytes { UTF8Bytes(self) }
}

/// A string ordered by its UTF-8 bytes.
struct UTF8Bytes: Comparable {
    let text: String
    init(_ text: String) { self.text = text }
    static func < (lhs: UTF8Bytes, rhs: UTF8Bytes) -> Bool { lhs.text.utf8.lexicographicallyPrecedes(rhs.text.utf8) }
    static func == (lhs: UTF8Bytes, rhs: UTF8Bytes) -> Bool { lhs.text.utf8.elementsEqual(rhs.text.utf8) }
}
