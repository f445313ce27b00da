import CloudKitModel
import Dispatch
import Foundation

/// Runs a shell command for `credential_process` off Swift's cooperative
/// threads, collecting stdout (bounded) and the exit status, with a timeout.
enum CommandRunner {
    struct Outcome: Sendable {
        var status: Int32
        var stdout: Data
    }

    /// The most output read from a credential process.
    static let outputLimit = 1 << 20
    private static let queue = DispatchQueue(label: "cloudkit.aws.credential-process", attributes: .concurrent)

    /// Runs `command` with `/bin/sh -c`; stderr goes to the host's stderr as the AWS CLI does.
    static func run(_ command: String, environment: [String: String], timeout: TimeInterval) async throws(CloudError) -> Outcome {
        let result: Result<Outcome, CloudError> = await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: Result { () throws(CloudError) -> Outcome in try runBlocking(command, environment, timeout) }) }
        }
        return try result.get()
    }

    private static func runBlocking(_ command: String, _ environment: [String: String], _ timeout: TimeInterval) throws(CloudError) -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardInput = FileHandle.nullDevice
        let finished = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in finished.signal() }
        do {
            try process.run()
        } catch {
            throw CloudError(.unauthenticated, "credential_process could not be started", code: "CredentialProcessFailed")
        }
        let reader = output.fileHandleForReading
        let readDone = DispatchSemaphore(value: 0)
        let box = UncheckedBox()
        DispatchQueue.global().async {
            while box.data.count <= outputLimit, let chunk = try? reader.read(upToCount: 65_536), !chunk.isEmpty { box.data.append(chunk) }
            readDone.signal()
        }
        if finished.wait(timeout: .now() + timeout) == .timedOut {
            // Foundation starts the child in a process group of its own: kill
            // the whole group, so no grandchild keeps the output pipe open.
            kill(-process.processIdentifier, SIGKILL)
            finished.wait()
            throw CloudError(.timeout, "credential_process did not finish within \(Int(timeout)) s", code: "CredentialProcessTimeout")
        }
        _ = readDone.wait(timeout: .now() + 5)
        return Outcome(status: process.terminationStatus, stdout: box.data)
    }

    /// Output shared between the reading thread and the waiting one (the
    /// semaphore orders the accesses).
    private final class UncheckedBox: @unchecked Sendable {
        var data = Data()
    }
}
