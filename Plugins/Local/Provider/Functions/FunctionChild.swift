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

/// A spawned function process that leads its own process group. Used by one
/// thread at a time, which must reap it (`poll` until it returns a value, or
/// `wait`) and only kills the group before reaping, while the pid is still
/// certainly ours.
struct FunctionChild: Sendable {
    /// The child's pid, which is also its process group id.
    let pid: pid_t

    /// The termination when the child has ended (it is then reaped), else nil.
    func poll() -> FunctionTermination? {
        var status: Int32 = 0
        while true {
            let result = waitpid(pid, &status, WNOHANG)
            if result == pid { return FunctionTermination(waitStatus: status) }
            if result == 0 { return nil }
            if errno == EINTR { continue }
            return .lost
        }
    }

    /// Blocks until the child ends and reaps it.
    func wait() -> FunctionTermination {
        var status: Int32 = 0
        while true {
            let result = waitpid(pid, &status, 0)
            if result == pid { return FunctionTermination(waitStatus: status) }
            if result < 0 && errno == EINTR { continue }
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

    /// Kills the group and reaps the child.
    func killAndReap() {
        killGroup()
        _ = wait()
    }
}
