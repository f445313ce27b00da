import CloudKitProviderSupport
#if canImport(Glibc)
import Glibc
#endif

/// Starts a function executable with `posix_spawn`: in a new session (so it
/// leads its own process group and the whole group can be killed), with an
/// empty signal mask and default signal dispositions (the spawning thread
/// may block or ignore signals), in a chosen folder, with the given
/// descriptors as its standard streams and no other descriptor inherited.
enum FunctionSpawner {
    /// The descriptors that become the child's 0, 1 and 2 (each above 2).
    struct Streams: Sendable {
        var input: Int32
        var output: Int32
        var error: Int32
    }

    /// The outcome of a spawn: the child's pid, or the `errno` that stopped it.
    enum Outcome: Sendable {
        case started(pid_t)
        case failed(Int32)
    }

    /// Runs `path` (as its own `argv[0]`) with `environment` (`NAME=value`)
    /// in `folder`, once. Blocking (briefly): `start` runs it on `BlockingIO`.
    static func spawn(_ path: String, environment: [String], folder: String, streams: Streams) -> Outcome {
        var actions = posix_spawn_file_actions_t()
        guard posix_spawn_file_actions_init(&actions) == 0 else { return .failed(errno) }
        defer { posix_spawn_file_actions_destroy(&actions) }
        var attributes = posix_spawnattr_t()
        guard posix_spawnattr_init(&attributes) == 0 else { return .failed(errno) }
        defer { posix_spawnattr_destroy(&attributes) }

        for (descriptor, target) in [(streams.input, 0), (streams.output, 1), (streams.error, 2)] as [(Int32, Int32)] {
            let code = posix_spawn_file_actions_adddup2(&actions, descriptor, target)
            guard code == 0 else { return .failed(code) }
        }
        let chdirCode = GNUProcessCalls.addChdir(&actions, folder)
        guard chdirCode == 0 else { return .failed(chdirCode) }
        GNUProcessCalls.addCloseFrom(&actions, 3)

        var mask = sigset_t()
        sigemptyset(&mask)
        var defaults = sigset_t()
        sigfillset(&defaults)
        sigdelset(&defaults, SIGKILL)
        sigdelset(&defaults, SIGSTOP)
        let flags = Int32(POSIX_SPAWN_SETSIGMASK) | Int32(POSIX_SPAWN_SETSIGDEF) | GNUProcessCalls.spawnSetSID
        for code in [
            posix_spawnattr_setsigmask(&attributes, &mask),
            posix_spawnattr_setsigdefault(&attributes, &defaults),
            posix_spawnattr_setflags(&attributes, Int16(flags)),
        ] where code != 0 {
            return .failed(code)
        }

        let arguments = CStringArray([path])
        let variables = CStringArray(environment)
        var pid = pid_t()
        let code = withExtendedLifetime((arguments, variables)) {
            posix_spawn(&pid, path, &actions, &attributes, arguments.pointers, variables.pointers)
        }
        return code == 0 ? .started(pid) : .failed(code)
    }
}
