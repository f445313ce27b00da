import CloudKitModel
#if canImport(Glibc)
import Glibc
#endif

/// Tells whether any process still has a file open for writing.
///
/// Linux grants a read lease (`F_SETLEASE`, `F_RDLCK`) only while no file
/// description, in any process, has the file open for writing — exactly "the
/// writer is done", without guessing from timestamps. The lease is released
/// at once. Should a writer open the file in that instant, the kernel
/// notifies the lease holder with a signal; `F_SETSIG` makes that `SIGURG`,
/// which is ignored by default, instead of `SIGIO`, which would end the process.
enum WriterProbe {
    enum Answer: Equatable {
        /// Nobody has the file open for writing.
        case idle
        /// Someone has the file open for writing.
        case busy
        /// The file system (or the file's owner) does not allow the check.
        case unknown
    }

    private static let setLease: Int32 = 1024  // F_SETLEASE (F_LINUX_SPECIFIC_BASE + 0)
    private static let setSignal: Int32 = 10  // F_SETSIG

    static func check(_ path: RootedPath) -> Answer {
        let opened = try? FolderWalk.inParent(path, "cannot open") { folder, name throws(CloudError) in
            openat(folder, name, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOFOLLOW)
        }
        guard let descriptor = opened, descriptor >= 0 else { return .unknown }
        defer { close(descriptor) }
        guard fcntl(descriptor, setSignal, SIGURG) == 0 else { return .unknown }
        if fcntl(descriptor, setLease, Int32(F_RDLCK)) == 0 {
            _ = fcntl(descriptor, setLease, Int32(F_UNLCK))
            return .idle
        }
        return errno == EAGAIN || errno == EBUSY ? .busy : .unknown
    }
}
