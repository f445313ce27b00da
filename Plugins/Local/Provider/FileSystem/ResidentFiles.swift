import CLinuxFiles
import CloudKitModel
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Files inside a local root, opened and read only when that needs no wait
/// for the disk: paths through `openat2` with `RESOLVE_CACHED` (every name
/// already in the kernel's lookup cache, no link on the way) and bytes
/// through `preadv2` with `RWF_NOWAIT` (already in the page cache). Anything
/// that would wait answers "unknown" at once, and the caller does the work
/// the usual way, on a `BlockingIO` thread. That is what lets a small read
/// run on the caller's own thread without ever holding it up for the disk.
///
/// One instance holds the root open for the few opens of one operation.
final class ResidentFiles {
    private let root: Int32

    /// What a lookup found.
    enum Lookup {
        /// Opened; the caller closes the descriptor.
        case found(Int32)
        /// Nothing by that name (known from the cache).
        case missing
        /// Not known without waiting, or not a plain path without links.
        case unknown
    }

    /// The root at `path`, or nil when opening it would wait (or the kernel
    /// cannot open without waiting: before Linux 5.12).
    init?(root path: String) {
        guard case .opened(let descriptor) = BeneathOpen.openRoot(path, cachedOnly: true) else { return nil }
        root = descriptor
    }

    deinit { close(root) }

    /// Opens the entry at `path` (a path of this root) read-only, a folder
    /// when `folder` is set.
    func open(_ path: RootedPath, folder: Bool = false) -> Lookup {
        let flags = O_RDONLY | O_NOFOLLOW | (folder ? O_DIRECTORY : 0)
        switch BeneathOpen.open(path.names, under: root, flags: flags, mode: 0, cachedOnly: true) {
        case .opened(let descriptor): return .found(descriptor)
        case .failed(ENOENT): return .missing
        case .failed, .unavailable: return .unknown
        }
    }

    /// The whole of the regular file open as `descriptor`, when it has at
    /// most `limit` bytes and all of them are in memory; nil otherwise.
    static func readWhole(_ descriptor: Int32, limit: Int) -> Data? {
        var info = stat()
        guard fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, info.st_size >= 0, info.st_size <= limit else { return nil }
        return read(descriptor, at: 0, count: Int(info.st_size))
    }

    /// `count` bytes of `descriptor` from `offset`, when all are in memory
    /// (a short read — the rest not cached, or the file shorter — is nil).
    static func read(_ descriptor: Int32, at offset: Int64, count: Int) -> Data? {
        var data = Data(count: count)
        guard count > 0 else { return data }
        let complete = data.withUnsafeMutableBytes { (buffer: UnsafeMutableRawBufferPointer) -> Bool in
            guard let base = buffer.baseAddress else { return false }
            return ck_pread_nowait(descriptor, base, count, off_t(offset)) == count
        }
        return complete ? data : nil
    }
}
