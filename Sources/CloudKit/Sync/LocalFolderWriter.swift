import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The file-system steps of a download into a folder, kept inside it.
public enum LocalFolderWriter {
    /// Makes the folders between `root` and the file `relative` (which
    /// `LocalName` accepted) and returns the file's path. Each folder on the
    /// way must be a real folder: a symbolic link or a file in the way is
    /// refused (`invalidArgument`, `NotAFolder`), so nothing is ever written
    /// outside `root`; so is a link or folder where the file would go (a
    /// link is never replaced or followed). `root` itself is made when missing.
    public static func prepare(root: String, relative: String) throws(CloudError) -> String {
        try makeFolder(root, followLink: true)
        let segments = try LocalName.segments(of: relative)
        var folder = root
        for segment in segments.dropLast() {
            folder = LocalFolder.path(folder, String(segment))
            try makeFolder(folder, followLink: false)
        }
        let file = LocalFolder.path(root, relative)
        var status = stat()
        if lstat(file, &status) == 0, status.st_mode & S_IFMT != S_IFREG {
            let what = status.st_mode & S_IFMT == S_IFLNK ? "a symbolic link" : status.st_mode & S_IFMT == S_IFDIR ? "a folder" : "not a regular file"
            throw CloudError(.invalidArgument, "'\(file)' is \(what), so it is not replaced", code: "NotAFile")
        }
        return file
    }

    /// Gives the file at `path` the modification (and access) time `date`.
    public static func setModified(_ path: String, to date: Date) throws(CloudError) {
        let seconds = date.timeIntervalSince1970.rounded(.down)
        let stamp = timespec(tv_sec: Int(seconds), tv_nsec: Int((date.timeIntervalSince1970 - seconds) * 1e9))
        let times = [stamp, stamp]
        guard utimensat(AT_FDCWD, path, times, AT_SYMLINK_NOFOLLOW) == 0 else { throw FileErrors.map("cannot set the time of", path) }
    }

    /// Removes the file at `path`; one already gone is fine.
    public static func remove(_ path: String) throws(CloudError) {
        guard unlink(path) == 0 || errno == ENOENT else { throw FileErrors.map("cannot delete", path) }
    }

    /// Makes the folder `path` unless it exists; a link is accepted only when `followLink`.
    private static func makeFolder(_ path: String, followLink: Bool) throws(CloudError) {
        for _ in 0..<2 {
            var status = stat()
            let found = followLink ? stat(path, &status) : lstat(path, &status)
            if found == 0 {
                guard status.st_mode & S_IFMT == S_IFDIR else {
                    let what = status.st_mode & S_IFMT == S_IFLNK ? "a symbolic link" : "not a folder"
                    throw CloudError(.invalidArgument, "'\(path)' is \(what), so nothing is written below it", code: "NotAFolder")
                }
                return
            }
            guard errno == ENOENT else { throw FileErrors.map("cannot read", path) }
            if followLink {
                do {
                    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
                } catch {
                    throw CloudError(.internal, "cannot create the folder '\(path)': \(error.localizedDescription)", code: "IOError")
                }
            } else if mkdir(path, 0o755) != 0, errno != EEXIST {
                throw FileErrors.map("cannot create the folder", path)
            }
        }
        throw CloudError(.internal, "the folder '\(path)' keeps changing", code: "IOError")
    }
}
