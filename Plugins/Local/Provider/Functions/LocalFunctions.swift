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
/// always reaped. Blocking work runs off Swift's cooperative threads: file
/// checks and event launches on `BlockingIO`, each synchronous run on a
/// thread of its own (see `FunctionThread`).
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
            _ = try await BlockingIO.run { _ throws(CloudError) in try self.locator.require(reference) }
            return InvokeResult(statusCode: 204)
        case .event:
            try await BlockingIO.run { _ throws(CloudError) in try self.startEvent(reference, payload: request.payload) }
            return InvokeResult(statusCode: 202)
        case .requestResponse:
            return try await FunctionThread.run("cloudkit.local.function") { cancellation throws(CloudError) in
                try self.runNow(reference, request: request, cancellation: cancellation)
            }
        }
    }

    // MARK: Blocking work

    private func runNow(_ reference: FunctionReference, request: InvokeRequest, cancellation: CancellationFlag) throws(CloudError) -> InvokeResult {
        let executable = try locator.require(reference)
        try cancellation.check()
        let requestID = FunctionEnvironment.newRequestID()
        logger.debug("invoking function \(reference.fileName) (request \(requestID), \(request.payload.count) bytes)")
        let output = try FunctionProcess.run(
            executable, payload: request.payload, environment: environment(reference, requestID), folder: root.functionsFolder,
            timeoutSeconds: timeoutSeconds, cancellation: cancellation)
        return output.invokeResult(version: reference.version, logTail: request.logTail, timeoutSeconds: timeoutSeconds)
    }

    private func startEvent(_ reference: FunctionReference, payload: Data) throws(CloudError) {
        let executable = try locator.require(reference)
        let requestID = FunctionEnvironment.newRequestID()
        try FunctionEventLauncher.launch(
            executable, payload: payload, environment: environment(reference, requestID), folder: root.functionsFolder,
            timeoutSeconds: timeoutSeconds, requestID: requestID, logger: logger)
    }

    private func environment(_ reference: FunctionReference, _ requestID: String) -> [String] {
        FunctionEnvironment.entries(FunctionEnvironment.variables(for: reference, requestID: requestID, timeoutSeconds: timeoutSeconds))
    }
}
