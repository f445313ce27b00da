import Foundation

/// Runs external programs (the CLI, curl, python) for tests.
enum ProgramRunner {
    struct Outcome {
        var status: Int32
        var stdout: Data
        var stderr: String
        var text: String { String(decoding: stdout, as: UTF8.self) }
    }

    static func run(_ executable: String, _ arguments: [String], stdin: Data? = nil, environment: [String: String]? = nil) throws -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        let out = Pipe()
        let err = Pipe()
        let input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(stdin) }
        try input.fileHandleForWriting.close()
        let errorReader = Thread.detachNewThreadReader(err.fileHandleForReading)
        let output = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus, stdout: output, stderr: String(decoding: errorReader.wait(), as: UTF8.self))
    }

    /// The path of `name` on PATH.
    static func which(_ name: String) -> String? {
        for folder in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            let path = "\(folder)/\(name)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }
}

/// Reads a pipe to its end on another thread (so stdout and stderr cannot deadlock).
final class PipeDrain: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var data = Data()

    init(_ handle: FileHandle) {
        Thread.detachNewThread { [self] in
            data = handle.readDataToEndOfFile()
            done.signal()
        }
    }

    func wait() -> Data {
        done.wait()
        return data
    }
}

extension Thread {
    static func detachNewThreadReader(_ handle: FileHandle) -> PipeDrain { PipeDrain(handle) }
}

/// A plain HTTP GET with curl (presigned URLs need no credentials).
enum HTTPFetch {
    static func get(_ url: String) throws -> Data {
        let outcome = try ProgramRunner.run(ProgramRunner.which("curl") ?? "/usr/bin/curl", ["-sS", "-f", url])
        guard outcome.status == 0 else {
            throw NSError(domain: "HTTPFetch", code: Int(outcome.status), userInfo: [NSLocalizedDescriptionKey: outcome.stderr])
        }
        return outcome.stdout
    }

    /// A plain HTTP PUT of `body` with curl.
    static func put(_ url: String, _ body: Data) throws {
        let outcome = try ProgramRunner.run(
            ProgramRunner.which("curl") ?? "/usr/bin/curl", ["-sS", "-f", "-X", "PUT", "--data-binary", "@-", "-H", "Content-Type:", url], stdin: body)
        guard outcome.status == 0 else {
            throw NSError(domain: "HTTPFetch", code: Int(outcome.status), userInfo: [NSLocalizedDescriptionKey: outcome.stderr])
        }
    }
}
