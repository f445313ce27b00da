import CLinuxFiles
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Opens a path inside the local root in one `openat2(2)` call instead of
/// one `openat` per name: resolved from the root with `RESOLVE_NO_SYMLINKS`
/// (a link anywhere on the way fails the call) and `RESOLVE_BENEATH`, it
/// refuses exactly what `FolderWalk`'s name-by-name walk refuses.
///
/// For `FolderWalk` only the successful case is answered here: on any
/// failure (missing, a link, a name that is not plain, a kernel without
/// `openat2`) it walks name by name, which then reports the same error it
/// always has, naming the path as far as it got. `ResidentFiles` also asks
/// for `RESOLVE_CACHED`, which fails rather than wait for the disk.
enum BeneathOpen {
    /// What one attempt came to.
    enum Outcome {
        /// The descriptor, which the caller closes.
        case opened(Int32)
        /// The call failed with this error number.
        case failed(Int32)
        /// This kernel cannot do it (or the path has a name that is not plain).
        case unavailable
    }

    /// Cleared for good once the kernel shows it has no `openat2` (Linux
    /// before 5.6, or a sandbox that hides it).
    private static let available = Atomic<Bool>(true)
    /// Cleared for good once the kernel refuses `RESOLVE_CACHED` (before 5.12).
    private static let cachedAvailable = Atomic<Bool>(true)

    /// Opens `path` with `flags` (which should hold `O_NOFOLLOW` for a file
    /// and `O_DIRECTORY` for a folder) and `mode`; nil when the caller must
    /// walk instead (also for the root itself, which the walk opens in one
    /// call anyway).
    static func open(_ path: RootedPath, flags: Int32, mode: mode_t = 0) -> Int32? {
        guard !path.names.isEmpty, case .opened(let root) = openRoot(path.root, cachedOnly: false) else { return nil }
        defer { close(root) }
        guard case .opened(let descriptor) = open(path.names, under: root, flags: flags, mode: mode, cachedOnly: false) else { return nil }
        return descriptor
    }

    /// The root itself, opened as configured (links in the root's own path
    /// are followed); with `cachedOnly`, only when that needs no disk access.
    static func openRoot(_ root: String, cachedOnly: Bool) -> Outcome {
        let flags = O_RDONLY | O_DIRECTORY | O_CLOEXEC
        if !cachedOnly {
            let descriptor = Glibc.open(root, flags)
            return descriptor >= 0 ? .opened(descriptor) : .failed(errno)
        }
        return attempt(AT_FDCWD, root, flags: flags, mode: 0, resolve: UInt64(CK_RESOLVE_CACHED))
    }

    /// Opens the entry `names` below the open folder `root` with `flags`
    /// (`O_CLOEXEC` is added) and `mode`, refusing links on the way; with
    /// `cachedOnly`, failing with `EAGAIN` rather than waiting for the disk.
    static func open(_ names: [String], under root: Int32, flags: Int32, mode: mode_t, cachedOnly: Bool) -> Outcome {
        guard !names.isEmpty, names.allSatisfy(RootedPath.isPlainName) else { return .unavailable }
        var resolve = UInt64(CK_RESOLVE_NO_SYMLINKS | CK_RESOLVE_NO_MAGICLINKS | CK_RESOLVE_BENEATH)
        if cachedOnly { resolve |= UInt64(CK_RESOLVE_CACHED) }
        return attempt(root, names.joined(separator: "/"), flags: flags | O_CLOEXEC, mode: mode, resolve: resolve)
    }

    /// One `openat2`, remembering when this kernel cannot do it (or its
    /// cached mode) so that it is not tried again.
    private static func attempt(_ folder: Int32, _ path: String, flags: Int32, mode: mode_t, resolve: UInt64) -> Outcome {
        let cachedOnly = resolve & UInt64(CK_RESOLVE_CACHED) != 0
        guard available.load(ordering: .relaxed), !cachedOnly || cachedAvailable.load(ordering: .relaxed) else { return .unavailable }
        let descriptor = ck_openat2(folder, path, flags, UInt32(mode), resolve)
        if descriptor >= 0 { return .opened(descriptor) }
        let code = errno
        switch code {
        case ENOSYS:
            available.store(false, ordering: .relaxed)
            return .unavailable
        case EINVAL where cachedOnly:
            cachedAvailable.store(false, ordering: .relaxed)
            return .unavailable
        case EINVAL:
            available.store(false, ordering: .relaxed)
            return .unavailable
        default:
            return .failed(code)
        }
    }
}
