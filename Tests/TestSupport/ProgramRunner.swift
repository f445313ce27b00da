import CloudKitProviderSupport
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs external programs (the CLI, compilers, curl, python) for tests
/// without holding a thread of the cooperative pool: stdin is fed, stdout
/// and stderr are drained and the exit is awaited on threads of their own
/// (`HelperThreads`), so a test waiting for a child never keeps other tests
/// from running.
public enum ProgramRunner {
    public struct Outcome: Sendable {
        public var status: Int32
        public var stdout: Data
        public var stderr: String
        public var text: String { String(decoding: stdout, as: UTF8.self) }

        public init(status: Int32, stdout: Data, stderr: String) {
            self.status = status
            self.stdout = stdout
            self.stderr = stderr
        }
    }

    /// Runs `executable` with `arguments` (stdin: `stdin`, or empty) and awaits its exit and all of its output.
    public static func run(_ executable: String, _ arguments: [String], stdin: Data? = nil, environment: [String: String]? = nil) async throws -> Outcome {
        try await RunningProgram(executable, arguments, stdin: stdin, environment: environment).outcome()
    }

    /// The path of `name` on PATH.
    public static func which(_ name: String) -> String? {
        for folder in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            let path = "\(folder)/\(name)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }
}

/// A started child process: its id while it runs, and its outcome once it
/// has exited and closed its output.
///
/// Started with `posix_spawn`, not Foundation's `Process`, which was seen to
/// crash (in `memcpy`, inside `run()`) and to miss exits while many children
/// started and ended at once. Every pipe end is close-on-exec from birth
/// (`pipe2`), so a child another test starts at the same moment never
/// inherits this child's pipes; this child gets its ends as 0, 1 and 2
/// (`dup2` clears the flag on the copies) and no other descriptor
/// (`closefrom`). A helper thread reaps it.
public final class RunningProgram: @unchecked Sendable {
    private let pid: pid_t
    private let exit = Handoff<Int32>()
    private let output = Handoff<Data>()
    private let errors = Handoff<Data>()

    /// Starts `executable`; `stdin` is written to it and then closed (nil: closed at once).
    public init(_ executable: String, _ arguments: [String], stdin: Data? = nil, environment: [String: String]? = nil) throws {
        let input = try Self.pipe()
        let out = try Self.pipe()
        let err = try Self.pipe()
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, input.read, 0)
        posix_spawn_file_actions_adddup2(&actions, out.write, 1)
        posix_spawn_file_actions_adddup2(&actions, err.write, 2)
        // Descriptors other code opened without close-on-exec (a file being
        // written, which exec would then find busy) stay out of the child.
        GNUProcessCalls.addCloseFrom(&actions, 3)
        let argv = CStringArray([executable] + arguments)
        // No environment given: the child inherits this process's.
        let variables = CStringArray((environment ?? ProcessInfo.processInfo.environment).map { "\($0.key)=\($0.value)" })
        var pid: pid_t = 0
        let code = posix_spawn(&pid, executable, &actions, nil, argv.pointers, variables.pointers)
        withExtendedLifetime((argv, variables)) {}
        // The child has its copies (or never started): the parent's ends of the child's side go.
        close(input.read)
        close(out.write)
        close(err.write)
        guard code == 0 else {
            for descriptor in [input.write, out.read, err.read] { close(descriptor) }
            throw CocoaError(.fileNoSuchFile, userInfo: [NSLocalizedDescriptionKey: "cannot start \(executable): \(String(cString: strerror(code)))"])
        }
        self.pid = pid
        let exit = exit
        let child = pid
        HelperThreads.detach {
            var status: Int32 = 0
            while waitpid(child, &status, 0) < 0 {
                guard errno == EINTR else { return exit.deliver(-1) }
            }
            // As Foundation's terminationStatus: the exit code, or the signal that ended it.
            let signal = status & 0x7f
            exit.deliver(signal == 0 ? (status >> 8) & 0xff : signal)
        }
        output.deliver(readingToEnd: FileHandle(fileDescriptor: out.read, closeOnDealloc: true))
        errors.deliver(readingToEnd: FileHandle(fileDescriptor: err.read, closeOnDealloc: true))
        let writer = FileHandle(fileDescriptor: input.write, closeOnDealloc: true)
        HelperThreads.detach {
            if let stdin { try? writer.write(contentsOf: stdin) }
            try? writer.close()
        }
    }

    /// The child's process id.
    public var processIdentifier: Int32 { pid }

    /// Awaits the exit and the end of stdout and stderr.
    public func outcome() async -> ProgramRunner.Outcome {
        let status = await exit.value
        return ProgramRunner.Outcome(status: status, stdout: await output.value, stderr: String(decoding: await errors.value, as: UTF8.self))
    }

    /// A pipe whose two ends are close-on-exec.
    private static func pipe() throws -> (read: Int32, write: Int32) {
        guard let ends = GNUProcessCalls.closeOnExecPipe() else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: "pipe2: \(String(cString: strerror(errno)))"])
        }
        return ends
    }
}

/// A value one thread delivers once and any number of tasks await, each
/// suspended (no thread held) until it comes.
public final class Handoff<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var delivered: Value?
    private var waiting: [CheckedContinuation<Value, Never>] = []

    public init() {}

    /// Sets the value (only the first delivery counts) and wakes every waiting task.
    public func deliver(_ value: Value) {
        lock.lock()
        guard delivered == nil else {
            lock.unlock()
            return
        }
        delivered = value
        let woken = waiting
        waiting = []
        lock.unlock()
        for continuation in woken { continuation.resume(returning: value) }
    }

    /// The value, once delivered.
    public var value: Value {
        get async {
            await withCheckedContinuation { continuation in
                lock.lock()
                if let delivered {
                    lock.unlock()
                    continuation.resume(returning: delivered)
                } else {
                    waiting.append(continuation)
                    lock.unlock()
                }
            }
        }
    }
}

extension Handoff where Value == Data {
    /// Reads `handle` to its end on a thread of its own, then delivers what it read.
    public func deliver(readingToEnd handle: FileHandle) {
        HelperThreads.detach { self.deliver(handle.readDataToEndOfFile()) }
    }
}

