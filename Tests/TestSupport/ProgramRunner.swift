import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs external programs (the CLI, compilers, curl, python) for tests
/// without holding a thread of the cooperative pool: stdin is fed and stdout
/// and stderr are drained on threads of their own (`HelperThreads`), and the exit is awaited
/// through `Process.terminationHandler`, so a test waiting for a child never
/// keeps other tests from running.
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
public final class RunningProgram: @unchecked Sendable {
    private let process: Process
    private let exit = Handoff<Int32>()
    private let output = Handoff<Data>()
    private let errors = Handoff<Data>()

    /// Starts `executable`; `stdin` is written to it and then closed (nil: closed at once).
    public init(_ executable: String, _ arguments: [String], stdin: Data? = nil, environment: [String: String]? = nil) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        let out = Pipe()
        let err = Pipe()
        let input = Pipe()
        // Close-on-exec at once: a child another test starts at the same
        // moment must not inherit these ends (a long-lived one would hold
        // this child's output open, and its reader would never see the end).
        // This child gets its ends as 0, 1 and 2, which dup2 leaves open.
        for pipe in [out, err, input] {
            for handle in [pipe.fileHandleForReading, pipe.fileHandleForWriting] {
                _ = fcntl(handle.fileDescriptor, F_SETFD, FD_CLOEXEC)
            }
        }
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        let exit = exit
        process.terminationHandler = { exit.deliver($0.terminationStatus) }
        try process.run()
        self.process = process
        // Foundation's termination monitor has been seen to miss an exit when
        // many children end at once (the child stayed a zombie and the
        // handler never ran). A thread of our own also waits for the exit —
        // with WNOWAIT, which leaves the child for Foundation to reap — and
        // whichever sees it first delivers the status.
        let pid = process.processIdentifier
        HelperThreads.detach {
            var info = siginfo_t()
            while waitid(P_PID, id_t(pid), &info, WEXITED | WNOWAIT) != 0 {
                guard errno == EINTR else { return }
            }
            exit.deliver(info._sifields._sigchld.si_status)
        }
        output.deliver(readingToEnd: out.fileHandleForReading)
        errors.deliver(readingToEnd: err.fileHandleForReading)
        let writer = input.fileHandleForWriting
        HelperThreads.detach {
            if let stdin { try? writer.write(contentsOf: stdin) }
            try? writer.close()
        }
    }

    /// The child's process id.
    public var processIdentifier: Int32 { process.processIdentifier }

    /// Awaits the exit and the end of stdout and stderr.
    public func outcome() async -> ProgramRunner.Outcome {
        let status = await exit.value
        return ProgramRunner.Outcome(status: status, stdout: await output.value, stderr: String(decoding: await errors.value, as: UTF8.self))
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

