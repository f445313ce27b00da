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
/// Only the successful case is answered here: on any failure (missing,
/// a link, a name that is not plain, a kernel without `openat2`) the caller
/// walks name by name (`FolderWalk`), which then reports the same error it
/// always has, naming the path as far as it got.
enum BeneathOpen {
    /// Cleared for good once the kernel shows it has no `openat2` (Linux
    /// before 5.6, or a sandbox that hides it).
    private static let available = Atomic<Bool>(true)
    /// Cleared for good once the kernel refuses `RESOLVE_CACHED` (before 5.12).
    private static let cachedAvailable = Atomic<Bool>(true)

    /// Opens `path` with `flags` (which should hold `O_NOFOLLOW` for a file
    /// and `O_DIRECTORY` for a folder) and `mode`, adding `resolve` to the
    /// link refusal (`CK_RESOLVE_CACHED` to refuse anything that would wait
    /// for the disk); nil when the caller must walk instead (also for the
    /// root itself, which the walk opens in one call anyway).
    static func open(_ path: RootedPath, flags: Int32, mode: mode_t = 0, resolve: UInt64 = 0) -> Int32? {
        let cachedOnly = resolve & UInt64(CK_RESOLVE_CACHED) != 0
        guard available.load(ordering: .relaxed), !cachedOnly || cachedAvailable.load(ordering: .relaxed),
            !path.names.isEmpty, path.names.allSatisfy(RootedPath.isPlainName)
        else { return nil }
        let root = rootDescriptor(path.root, cachedOnly: cachedOnly)
        guard root >= 0 else {
            noteRefusal(cachedOnly: cachedOnly)
            return nil
        }
        defer { close(root) }
        let how = UInt64(CK_RESOLVE_NO_SYMLINKS | CK_RESOLVE_NO_MAGICLINKS | CK_RESOLVE_BENEATH) | resolve
        let descriptor = ck_openat2(root, path.names.joined(separator: "/"), flags | O_CLOEXEC, UInt32(mode), how)
        if descriptor >= 0 { return descriptor }
        noteRefusal(cachedOnly: cachedOnly)
        return nil
    }

    /// Remembers, after a failed call, when `openat2` (or its cached mode)
    /// cannot work on this kernel, so it is not tried again.
    private static func noteRefusal(cachedOnly: Bool) {
        switch errno {
        case ENOSYS: available.store(false, ordering: .relaxed)
        case EINVAL where cachedOnly: cachedAvailable.store(false, ordering: .relaxed)
        case EINVAL: available.store(false, ordering: .relaxed)
        default: break
        }
    }

    /// The root itself, opened as configured (links in the root's own path
    /// are followed); -1 when that fails or, with `cachedOnly`, would wait.
    private static func rootDescriptor(_ root: String, cachedOnly: Bool) -> Int32 {
        let flags = O_RDONLY | O_DIRECTORY | O_CLOEXEC
        guard cachedOnly else { return Glibc.open(root, flags) }
        return ck_openat2(AT_FDCWD, root, flags, 0, UInt64(CK_RESOLVE_CACHED))
    }
}
