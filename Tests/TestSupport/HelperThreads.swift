import Foundation

/// Threads the test support starts for itself — feeding and draining child
/// programs, waiting for their exit — carry one name, so a test that counts
/// the process's threads (a waiting call must hold none) can leave out those
/// of the child programs other suites run beside it.
public enum HelperThreads {
    /// The name of every helper thread (at most 15 bytes, Linux's limit).
    public static let name = "ck-test-helper"

    /// Runs `body` on a new helper thread.
    public static func detach(_ body: @escaping @Sendable () -> Void) {
        Thread.detachNewThread {
            // Named from inside: Foundation names the system thread only for the current one.
            Thread.current.name = name
            body()
        }
    }

    /// The process's threads that are not helper threads, from
    /// `/proc/self/task`; nil when it cannot be read.
    public static func otherThreadCount() -> Int? {
        guard let tasks = try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task") else { return nil }
        return tasks.filter { task in
            // A thread that ended while being read is no thread.
            guard let comm = try? String(contentsOfFile: "/proc/self/task/\(task)/comm", encoding: .utf8) else { return false }
            return comm.trimmingCharacters(in: .whitespacesAndNewlines) != name
        }.count
    }
}
