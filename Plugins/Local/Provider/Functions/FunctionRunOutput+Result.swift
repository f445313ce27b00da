import CloudKitModel
import Foundation

extension FunctionRunOutput {
    /// The most stderr a log tail returns, as Lambda's `LogResult`.
    static let logTailBytes = 4_096

    /// The invocation result Lambda would give for this run of `version`:
    /// always status 200, with `functionError` "Handled" (the function's
    /// own JSON error report on stderr) or "Unhandled" (exit, signal,
    /// timeout or oversized response) when it failed.
    func invokeResult(version: String, logTail: Bool, timeoutSeconds: Double) -> InvokeResult {
        let tail = logTail ? stderr.lastText(Self.logTailBytes) : nil
        func failed(_ kind: String, _ payload: Data) -> InvokeResult {
            InvokeResult(statusCode: 200, payload: payload, functionError: kind, executedVersion: version, logTail: tail)
        }
        switch ending {
        case .finished(.exited(0)), .finished(.lost):
            return InvokeResult(statusCode: 200, payload: stdout, functionError: nil, executedVersion: version, logTail: tail)
        case .finished(let termination):
            if let report = FunctionErrorPayload.handled(stderr) { return failed("Handled", report) }
            let text = String(decoding: stderr.trimmedBytes, as: UTF8.self)
            let message: String
            switch termination {
            case _ where !text.isEmpty: message = text
            case .signaled(let signal): message = "killed by signal \(signal)"
            case .exited(let status): message = "exited with status \(status)"
            case .lost: message = "exited"
            }
            return failed("Unhandled", FunctionErrorPayload.unhandled(message: message, type: "Runtime.ExitError"))
        case .timedOut:
            return failed("Unhandled", FunctionErrorPayload.timedOut(after: timeoutSeconds))
        case .outputTooLarge:
            return failed("Unhandled", FunctionErrorPayload.responseTooLarge())
        case .notStartable(let code):
            let message = "the function's executable cannot be run: \(String(cString: strerror(code)))"
            return failed("Unhandled", FunctionErrorPayload.unhandled(message: message, type: "Runtime.InvalidEntrypoint"))
        }
    }
}
