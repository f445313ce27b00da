import CloudKitModel
import CloudKitTestSupport
import Foundation
@testable import LocalProvider

#if canImport(Glibc)
import Glibc
#endif

/// A fresh local root with a `functions` folder, for one test.
struct FunctionSandbox {
    let root: String

    init() throws {
        root = TestFolders.path("cloudkit-fn")
        try FileManager.default.createDirectory(atPath: "\(root)/functions", withIntermediateDirectories: true)
    }

    var functionsFolder: String { "\(root)/functions" }

    /// Functions on this root.
    /// The default timeout is far above what any test function takes, so a loaded machine cannot time one out.
    func functions(timeout: Double = 300) -> LocalFunctions {
        LocalFunctions(root: LocalRoot(path: root), timeoutSeconds: timeout)
    }

    /// Writes `functions/<name>` as a `/bin/sh` script running `body`.
    func script(_ name: String, _ body: String, mode: Int = 0o755) throws {
        let path = "\(functionsFolder)/\(name)"
        try "#!/bin/sh\n\(body)\n".write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
    }

    /// A pid a script wrote to `<root>/<file>`, when it has.
    func pid(_ file: String) -> pid_t? {
        guard let text = try? String(contentsOfFile: "\(root)/\(file)", encoding: .utf8) else { return nil }
        return pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    func exists(_ file: String) -> Bool { FileManager.default.fileExists(atPath: "\(root)/\(file)") }

    func remove() { try? FileManager.default.removeItem(atPath: root) }
}

extension FunctionSandbox {
    /// True while `pid` runs (a zombie no longer counts).
    static func isRunning(_ pid: pid_t) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return false }
        let state = stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).first
        return state != "Z" && state != "X"
    }

    /// True when `pid` no longer exists at all (it ended and was reaped).
    static func isReaped(_ pid: pid_t) -> Bool { !FileManager.default.fileExists(atPath: "/proc/\(pid)") }

    /// How long a wait for what a function does gives up after: a guard
    /// against a hang, not a measure. With the whole suite running (some
    /// 500 tests at once on 2 cores) a function has been seen to take
    /// 29–34 s to write its first line and 35 s to echo 5 MiB, and more
    /// than 120 s under ThreadSanitizer, where alone it takes
    /// milliseconds. (Not its spawn's turn on the file pool: that waited
    /// under a second in the same runs.)
    static let hangGuard: Double = 600

    /// Waits up to `seconds` (the hang guard) for `condition`, looking every 50 ms.
    static func eventually(_ seconds: Double = hangGuard, _ condition: () -> Bool) async -> Bool {
        let end = Date().addingTimeInterval(seconds)
        while Date() < end {
            if condition() { return true }
            try? await Task.sleep(nanoseconds: 50_000_000)
        }
        return condition()
    }

    /// A result's payload as text.
    static func text(_ result: InvokeResult) -> String { String(decoding: result.payload, as: UTF8.self) }

    /// A result's payload's JSON member `key` as a string.
    static func member(_ key: String, of result: InvokeResult) -> String? {
        (try? JSONValue.parse(text(result)))?[key]?.stringValue
    }
}

extension FunctionSandbox {
    /// The number of threads of this process whose name starts with `prefix`
    /// (`/proc/self/task/*/comm`, where names are cut to 15 bytes).
    static func threadCount(named prefix: String) -> Int {
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")) ?? []
        return tasks.filter { task in
            let name = (try? String(contentsOfFile: "/proc/self/task/\(task)/comm", encoding: .utf8)) ?? ""
            return name.hasPrefix(prefix)
        }.count
    }

    /// Raises this process's soft limit on open descriptors to at least
    /// `count` (within the hard limit), for tests that run many functions at once.
    static func allowDescriptors(_ count: Int) {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0, limit.rlim_cur < rlim_t(count) else { return }
        limit.rlim_cur = min(rlim_t(count), limit.rlim_max)
        _ = setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
    }
}

extension FunctionSandbox {
    /// The kind of error `task` ended with (`internal` for one that is not a
    /// `CloudError`); nil when it returned.
    static func errorKind<T: Sendable>(of task: Task<T, any Error>) async -> CloudErrorKind? {
        guard case .failure(let error) = await task.result else { return nil }
        return (error as? CloudError)?.kind ?? .internal
    }

    /// True once the group led by `pid` is gone: `pid` reaped now, and its
    /// background child `background` stopped within 120 s.
    static func groupEnded(_ pid: pid_t, background: pid_t) async -> Bool {
        guard isReaped(pid) else { return false }
        return await eventually { !isRunning(background) }
    }
}
