import CloudKitModel
import CloudKitProviderSupport
import Foundation

/// Functions on the local disk with AWS Lambda's semantics: each function is
/// an executable file `<root>/functions/<name>` (and `<name>@<qualifier>` for
/// another version), invoked with the payload on stdin and its result on
/// stdout.
///
/// - A synchronous invocation runs the executable in the functions folder
///   with this process's environment plus Lambda's variables
///   (`AWS_LAMBDA_FUNCTION_NAME`, `AWS_LAMBDA_FUNCTION_VERSION`,
///   `AWS_LAMBDA_REQUEST_ID`, `AWS_LAMBDA_FUNCTION_TIMEOUT`,
///   `CLOUDKIT_FUNCTION_NAME`). Exit status 0 returns stdout; a failure
///   returns status 200 with `functionError` "Handled" when stderr is a
///   JSON object with `errorMessage` (that JSON is the payload), else
///   "Unhandled" with a `Runtime.ExitError`, `Sandbox.Timedout` or
///   `Function.ResponseSizeTooLarge` payload.
/// - An event starts the executable detached, its output appended to
///   `<root>/functions/.logs/<name>.log`, and returns 202 at once.
/// - A dry run only checks the executable and returns 204.
///
/// Every process runs in a session of its own; at the timeout, or when the
/// calling task is cancelled, its whole process group is killed, and it is
/// always reaped. Waiting for a function holds no thread: the process's one
/// `FunctionReactor` thread watches every running function (pidfd, pipes
/// and deadline, through epoll) and resumes the suspended invocation with
/// its outcome. The short blocking work (file checks, preparing an event's
/// files, the spawn itself) runs on `BlockingIO`.
public final class LocalFunctions: Functions {
    /// The root whose `functions` folder holds the executables.
    public let root: LocalRoot
    /// How long an invocation may run before it is killed.
    public let timeoutSeconds: Double
    let logger: ProviderLogger
    let locator: FunctionLocator

    /// Functions in `root.functionsFolder` (which need not exist yet), killed
    /// after `timeoutSeconds` (a value that is not a positive number means
    /// 30). `logger` receives a line per invocation and warnings about
    /// killed events.
    public init(root: LocalRoot, timeoutSeconds: Double = 30, logger: ProviderLogger = .silent) {
        self.root = root
        self.timeoutSeconds = timeoutSeconds.isFinite && timeoutSeconds > 0 ? timeoutSeconds : 30
        self.logger = logger
        locator = FunctionLocator(folder: root.functionsFolder)
    }

    /// Invokes a function synchronously (200), as an event (202) or as a dry
    /// run (204). `invalid argument` for an oversized payload or a malformed
    /// name, `not found` (`ResourceNotFoundException`) for a missing function,
    /// `permission denied` (`AccessDeniedException`) for a file that cannot be
    /// executed, `cancelled` when the calling task is cancelled during a
    /// synchronous run (the process is then killed).
    public func invoke(_ request: InvokeRequest) async throws(CloudError) -> InvokeResult {
        try FunctionLimits.validate(request)
        let reference = try FunctionReference.parse(request.function, qualifier: request.qualifier)
        switch request.type {
        case .dryRun:
            _ = try await locate(reference)
            return InvokeResult(statusCode: 204)
        case .event:
            let executable = try await locate(reference)
            let requestID = FunctionEnvironment.newRequestID()
            try await FunctionEventLauncher.launch(
                executable, payload: request.payload, environment: environment(reference, requestID), folder: root.functionsFolder,
                timeoutSeconds: timeoutSeconds, requestID: requestID, logger: logger)
            return InvokeResult(statusCode: 202)
        case .requestResponse:
            return try await run(reference, request: request)
        }
    }

    /// Runs `reference` synchronously and waits for it without holding a thread.
    private func run(_ reference: FunctionReference, request: InvokeRequest) async throws(CloudError) -> InvokeResult {
        let executable = try await locate(reference)
        if Task.isCancelled { throw CloudError(.cancelled, "the invocation was cancelled before the function started") }
        let requestID = FunctionEnvironment.newRequestID()
        logger.debug("invoking function \(reference.fileName) (request \(requestID), \(request.payload.count) bytes)")
        let output = try await FunctionProcess.run(
            executable, payload: request.payload, environment: environment(reference, requestID), folder: root.functionsFolder,
            timeoutSeconds: timeoutSeconds)
        return output.invokeResult(version: reference.version, logTail: request.logTail, timeoutSeconds: timeoutSeconds)
    }

    /// The executable for `reference` (see `FunctionLocator.require`), looked up on `BlockingIO`.
    private func locate(_ reference: FunctionReference) async throws(CloudError) -> FunctionExecutable {
        try await BlockingIO.run { _ throws(CloudError) in try self.locator.require(reference) }
    }

    private func environment(_ reference: FunctionReference, _ requestID: String) -> [String] {
        FunctionEnvironment.entries(FunctionEnvironment.variables(for: reference, requestID: requestID, timeoutSeconds: timeoutSeconds))
    }
}
