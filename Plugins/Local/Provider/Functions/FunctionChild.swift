import CLinuxEvents
#if canImport(Glibc)
import Glibc
#endif

/// How a function's process ended.
enum FunctionTermination: Sendable, Hashable {
    /// It exited with this status.
    case exited(Int32)
    /// A signal killed it.
    case signaled(Int32)
    /// Someone else reaped it (the host ignores `SIGCHLD`, or waits for any
    /// child), so the status is unknown.
    case lost

    /// Decodes a `waitpid` status (the `WIFEXITED` family are macros Swift cannot import).
    init(waitStatus status: Int32) {
        let low = status & 0x7f
        if low == 0 {
            self = .exited((status >> 8) & 0xff)
        } else {
            self = .signaled(low)
        }
    }
}

/// A spawned function process that leads its own process group, and the
/// pidfd that becomes readable when it ends.
///
/// Owned by one `FunctionWatch` (on the reactor's thread), which must reap
/// it (`reap` until it returns a value), only kills the group before reaping
/// (while the pid is still certainly ours), and closes the pidfd.
struct FunctionChild: Sendable {
    /// The child's pid, which is also its process group id.
    let pid: pid_t
    /// Its pidfd, or -1 where there is none: the kernel is older than 5.3
    /// (`ENOSYS`), or the process was already reaped by someone else. Its end
    /// is then found by calling `reap` from time to time instead.
    let exitDescriptor: Int32

    /// The just-spawned, not yet reaped child `pid`, with its pidfd
    /// (close-on-exec, as `pidfd_open` always makes it) when there is one.
    static func started(_ pid: pid_t) -> FunctionChild {
        FunctionChild(pid: pid, exitDescriptor: ck_pidfd_open(pid))
    }

    /// The termination when the child has ended (it is then reaped), else nil.
    func reap() -> FunctionTermination? {
        var status: Int32 = 0
        while true {
            let result = waitpid(pid, &status, WNOHANG)
            if result == pid { return FunctionTermination(waitStatus: status) }
            if result == 0 { return nil }
            if errno == EINTR { continue }
            return .lost
        }
    }

    /// Sends `SIGKILL` to the child's whole process group (its children included).
    func killGroup() {
        if kill(-pid, SIGKILL) != 0 {
            // The group may be gone already except for the unreaped leader.
            _ = kill(pid, SIGKILL)
        }
    }
}
