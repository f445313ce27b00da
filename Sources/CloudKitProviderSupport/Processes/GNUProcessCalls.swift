#if canImport(Glibc)
import Glibc
#endif

/// glibc calls that Swift's Glibc module leaves out (they are GNU
/// extensions, hidden without `_GNU_SOURCE`), looked up once at run time:
/// for every program cloudkit starts (the local provider's functions, the
/// test support's child programs).
public enum GNUProcessCalls {
    private typealias AddChdir = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, UnsafePointer<CChar>?) -> Int32
    private typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, Int32) -> Int32
    private typealias Pipe2 = @convention(c) (UnsafeMutablePointer<Int32>?, Int32) -> Int32

    /// `POSIX_SPAWN_SETSID` (glibc 2.26 and later): the child starts a new
    /// session, so it is the leader of its own process group.
    public static let spawnSetSID: Int32 = 0x80

    // glibc 2.29 and later.
    private static let addChdirCall: AddChdir? = lookUp("posix_spawn_file_actions_addchdir_np")
    // glibc 2.34 and later.
    private static let addCloseFromCall: AddCloseFrom? = lookUp("posix_spawn_file_actions_addclosefrom_np")
    private static let pipe2Call: Pipe2? = lookUp("pipe2")

    /// Adds "change to `folder`" to `actions`; ENOSYS when the C library cannot.
    public static func addChdir(_ actions: UnsafeMutablePointer<posix_spawn_file_actions_t>, _ folder: String) -> Int32 {
        guard let call = addChdirCall else { return ENOSYS }
        return folder.withCString { call(actions, $0) }
    }

    /// Adds "close every descriptor from `lowest` up" to `actions` when the C
    /// library can; returns false when it cannot (descriptors opened without
    /// `O_CLOEXEC` elsewhere in the process may then leak into the child).
    @discardableResult
    public static func addCloseFrom(_ actions: UnsafeMutablePointer<posix_spawn_file_actions_t>, _ lowest: Int32) -> Bool {
        guard let call = addCloseFromCall else { return false }
        return call(actions, lowest) == 0
    }

    /// A pipe whose two ends are close-on-exec, or nil with `errno` set.
    /// Without `pipe2` the flag is set just after creation (a concurrent
    /// spawn elsewhere could then inherit the ends).
    public static func closeOnExecPipe() -> (read: Int32, write: Int32)? {
        var ends: [Int32] = [-1, -1]
        if let call = pipe2Call {
            guard ends.withUnsafeMutableBufferPointer({ call($0.baseAddress, O_CLOEXEC) }) == 0 else { return nil }
        } else {
            guard pipe(&ends) == 0 else { return nil }
            _ = fcntl(ends[0], F_SETFD, FD_CLOEXEC)
            _ = fcntl(ends[1], F_SETFD, FD_CLOEXEC)
        }
        return (ends[0], ends[1])
    }

    private static func lookUp<T>(_ name: String) -> T? {
        // A nil handle is RTLD_DEFAULT: search the process's global symbols.
        guard let symbol = dlsym(nil, name) else { return nil }
        return unsafeBitCast(symbol, to: T.self)
    }
}
