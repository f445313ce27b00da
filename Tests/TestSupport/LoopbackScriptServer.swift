import Foundation

/// Starts a Python test server on loopback: the script binds port 0, prints
/// the port on its first line, and exits when its stdin closes (when the test
/// process ends), so no server outlives the tests.
public enum LoopbackScriptServer {
    /// The port the script printed, or nil when it did not start. The line is
    /// read on a thread of its own; the caller waits suspended.
    public static func start(_ script: String) async -> Int? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script]
        let output = Pipe()
        process.standardOutput = output
        process.standardInput = Pipe()
        guard (try? process.run()) != nil else { return nil }
        let firstLine = Handoff<Data>()
        Thread.detachNewThread {
            var line = Data()
            while let byte = try? output.fileHandleForReading.read(upToCount: 1), let first = byte.first, first != 10 { line.append(first) }
            firstLine.deliver(line)
        }
        return Int(String(decoding: await firstLine.value, as: UTF8.self))
    }
}
