import CloudKitModel
import CloudKitProviderSupport
import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs a function synchronously: spawns the executable with the payload on
/// stdin (written by `FunctionInputWriter`), collects stdout and stderr
/// (`FunctionOutputCollector`) and always reaps the process. Blocking: call
/// it from `BlockingIO.run`.
enum FunctionProcess {
    /// Runs `executable` in `folder` with `environment` (`NAME=value`) and
    /// `payload` on stdin, killing its process group after `timeoutSeconds`
    /// or when `cancellation` is set (then throws `cancelled`).
    static func run(
        _ executable: FunctionExecutable, payload: Data, environment: [String], folder: String, timeoutSeconds: Double,
        cancellation: CancellationFlag
    ) throws(CloudError) -> FunctionRunOutput {
        let pipes = try FunctionDescriptors.pipes(3)
        let (input, output, errors) = (pipes[0], pipes[1], pipes[2])

        let streams = FunctionSpawner.Streams(input: input.read, output: output.write, error: errors.write)
        let spawned = FunctionSpawner.spawn(executable.path, environment: environment, folder: folder, streams: streams)
        // The child has its own copies; ours would keep the pipes from ending.
        FunctionDescriptors.close(input.read, output.write, errors.write)
        guard case .started(let pid) = spawned else {
            FunctionDescriptors.close(input.write, output.read, errors.read)
            if case .failed(let code) = spawned, code == ENOEXEC {
                return FunctionRunOutput(ending: .notStartable(code), stdout: Data(), stderr: FunctionLogTail(capacity: 0))
            }
            throw spawnError(spawned, executable)
        }

        let writer = FunctionInputWriter.start(descriptor: input.write, payload: payload)
        defer {
            writer.stop()
            FunctionDescriptors.close(output.read, errors.read)
        }
        let deadline = DispatchTime.now().uptimeNanoseconds + nanoseconds(timeoutSeconds)
        var collector = FunctionOutputCollector(stdout: output.read, stderr: errors.read)
        return try collector.collect(FunctionChild(pid: pid), deadline: deadline, cancellation: cancellation)
    }

    /// `seconds` as nanoseconds, saturating instead of overflowing.
    static func nanoseconds(_ seconds: Double) -> UInt64 {
        let value = seconds * 1_000_000_000
        return value >= Double(UInt64.max) ? UInt64.max / 2 : UInt64(max(value, 0))
    }

    /// The error for a spawn that failed other than with `ENOEXEC`.
    static func spawnError(_ outcome: FunctionSpawner.Outcome, _ executable: FunctionExecutable) -> CloudError {
        guard case .failed(let code) = outcome else { return .internal("the function \(executable.reference.name) did not start") }
        let message = "cannot start \(executable.path): \(String(cString: strerror(code)))"
        switch code {
        case EACCES, EPERM:
            return CloudError(.permissionDenied, message, code: "AccessDeniedException", httpStatus: 403)
        case ENOENT, ENOTDIR:
            return CloudError(.notFound, "Function not found: \(executable.reference.arn) (\(message))", code: "ResourceNotFoundException", httpStatus: 404)
        case EAGAIN, ENOMEM, EMFILE, ENFILE:
            return CloudError(.internal, message, code: "TooManyRequestsException", retryable: true)
        default:
            return CloudError(.internal, message, code: "ServiceException")
        }
    }
}
