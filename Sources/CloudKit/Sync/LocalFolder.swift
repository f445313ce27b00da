import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What a walk of a local folder found.
public struct LocalListing: Sendable, Hashable {
    /// Every regular file, by path relative to the folder, in UTF-8 byte order.
    public var entries: [SyncEntry] = []
    /// What was passed over and why (symbolic links, sockets, pipes, devices).
    public var notes: [String] = []
    /// What could not be read (a folder it may not open, a name that is not UTF-8).
    public var failures: [SyncRefusal] = []

    public init() {}
}

/// Lists a local folder for a sync.
///
/// Symbolic links are not followed, on either side of a sync: a link is
/// passed over with a note (so a link can neither loop nor lead a sync out
/// of its folder), as rclone does without `--links`; sockets, pipes and
/// devices are passed over too. Every regular file below the folder, in
/// every sub-folder, is listed with its size and modification time.
public enum LocalFolder {
    /// Walks `root`. A missing root is `notFound`, or an empty listing when
    /// `missingIsEmpty` (a download's destination, created when needed).
    public static func list(_ root: String, missingIsEmpty: Bool = false) throws(CloudError) -> LocalListing {
        var status = stat()
        guard stat(root, &status) == 0 else {
            if errno == ENOENT, missingIsEmpty { return LocalListing() }
            if errno == ENOENT {
                throw CloudError(
                    .notFound, "there is no local folder '\(root)' (a bucket is written \(SyncEndpoint.scheme)BUCKET[/PREFIX])", code: "NoSuchFolder")
            }
            throw FileErrors.map("cannot read", root)
        }
        guard status.st_mode & S_IFMT == S_IFDIR else {
            throw CloudError(.invalidArgument, "'\(root)' is not a folder; sync works on folders", code: "NotAFolder")
        }
        var listing = LocalListing()
        var pending = [""]
        while let relative = pending.popLast() {
            walk(root: root, relative: relative, into: &listing, pending: &pending)
        }
        listing.entries.sort { $0.path.utf8Bytes < $1.path.utf8Bytes }
        return listing
    }

    /// The path of `relative` below `root`.
    public static func path(_ root: String, _ relative: String) -> String {
        relative.isEmpty ? root : root.hasSuffix("/") ? root + relative : "\(root)/\(relative)"
    }

    private static func walk(root: String, relative: String, into listing: inout LocalListing, pending: inout [String]) {
        let folder = path(root, relative)
        guard let directory = opendir(folder) else {
            listing.failures.append(SyncRefusal(path: relative.isEmpty ? "." : relative, error: FileErrors.map("cannot list", folder)))
            return
        }
        defer { closedir(directory) }
        while let item = readdir(directory) {
            let raw = withUnsafeBytes(of: item.pointee.d_name) { Array($0.prefix { $0 != 0 }) }
            if raw == [46] || raw == [46, 46] { continue }
            guard let name = String(validating: raw, as: UTF8.self) else {
                let shown = String(decoding: raw, as: UTF8.self)
                listing.failures.append(SyncRefusal(
                    path: relative.isEmpty ? shown : "\(relative)/\(shown)",
                    error: CloudError(.invalidArgument, "the file name in '\(folder)' is not UTF-8, so it cannot be a key", code: "InvalidFileName")))
                continue
            }
            let child = relative.isEmpty ? name : "\(relative)/\(name)"
            var status = stat()
            guard lstat(path(root, child), &status) == 0 else {
                listing.failures.append(SyncRefusal(path: child, error: FileErrors.map("cannot read", path(root, child))))
                continue
            }
            switch status.st_mode & S_IFMT {
            case S_IFREG:
                let modified = Date(timeIntervalSince1970: Double(status.st_mtim.tv_sec) + Double(status.st_mtim.tv_nsec) / 1e9)
                listing.entries.append(SyncEntry(path: child, size: Int64(status.st_size), modified: modified))
            case S_IFDIR:
                pending.append(child)
            case S_IFLNK:
                listing.notes.append("skipped symbolic link \(path(root, child)) (links are not followed)")
            default:
                listing.notes.append("skipped \(path(root, child)): not a regular file or folder")
            }
        }
    }
}
