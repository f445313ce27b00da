import CloudKitModel
import CloudKitProviderSupport
import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs a function synchronously: spawns the executable (`FunctionSpawner`)
/// and hands the process, its pipes, the payload and its deadline to the
/// process's `FunctionReactor`, which writes the payload, collects stdout
/// and stderr, kills the group at the deadline and always reaps the
/// process. The caller is a suspended task meanwhile: no thread waits.
enum FunctionProcess {
    /// Runs `executable` in `folder` with `environment` (`NAME=value`) and
    /// `payload` on stdin, killing its process group after `timeoutSeconds`
    /// or when the calling task is cancelled (then throws `cancelled`).
    static func run(
        _ executable: FunctionExecutable, payload: Data, environment: [String], folder: String, timeoutSeconds: Double
    ) async throws(CloudError) -> FunctionRunOutput {
        let reactor = try FunctionReactor.shared()
        let pipes = try FunctionDescriptors.pipes(3)
        let (input, output, errors) = (pipes[0], pipes[1], pipes[2])
        let streams = FunctionSpawner.Streams(input: input.read, output: output.write, error: errors.write)
        let spawned: FunctionSpawner.Outcome
        do {
            spawned = try await FunctionSpawner.start(executable.path, environment: environment, folder: folder, streams: streams)
        } catch {
            FunctionDescriptors.close(input.read, output.write, errors.write, input.write, output.read, errors.read)
            throw error
        }
        // The child has its own copies; ours would keep the pipes from ending.
        FunctionDescriptors.close(input.read, output.write, errors.write)
        guard case .started(let pid) = spawned else {
            FunctionDescriptors.close(input.write, output.read, errors.read)
            if case .failed(let code) = spawned, code == ENOEXEC {
                return FunctionRunOutput(ending: .notStartable(code), stdout: Data(), stderr: FunctionLogTail(capacity: 0))
            }
            throw spawnError(spawned, executable)
        }

        let request = FunctionWatchRequest(
            child: .started(pid), input: (input.write, payload), output: (output.read, errors.read),
            deadline: DispatchTime.now().uptimeNanoseconds + nanoseconds(timeoutSeconds))
        switch await reactor.run(request) {
        case .ended(let output): return output
        case .cancelled: throw CloudError(.cancelled, "the invocation was cancelled and the function's process killed")
        case .failed(let error): throw error
        }
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
