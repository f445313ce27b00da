import CloudKitModel
import Foundation

/// The error payloads of failed invocations, shaped as Lambda's runtime
/// shapes them: `{"errorMessage": …, "errorType": …}`.
enum FunctionErrorPayload {
    /// The payload of an unhandled failure.
    static func unhandled(message: String, type: String) -> Data {
        Data(JSONValue.object(["errorMessage": .string(message), "errorType": .string(type)]).text.utf8)
    }

    /// The payload of a run killed at the timeout.
    static func timedOut(after seconds: Double) -> Data {
        unhandled(message: "Task timed out after \(Self.seconds(seconds)) seconds", type: "Sandbox.Timedout")
    }

    /// The payload of a response past the synchronous limit.
    static func responseTooLarge() -> Data {
        unhandled(
            message: "Response payload size exceeded maximum allowed payload size (\(FunctionLimits.synchronousPayloadBytes) bytes).",
            type: "Function.ResponseSizeTooLarge")
    }

    /// The function's own error report: `stderr` (trimmed) exactly, when it is
    /// a complete JSON object with an `errorMessage` member; else nil.
    static func handled(_ stderr: FunctionLogTail) -> Data? {
        guard !stderr.isIncomplete else { return nil }
        let trimmed = stderr.trimmedBytes
        guard trimmed.first == UInt8(ascii: "{"), let text = String(validating: trimmed, as: UTF8.self),
            let value = try? JSONValue.parse(text), value["errorMessage"] != nil
        else { return nil }
        return Data(trimmed)
    }

    /// Seconds with two decimals, as Lambda's timeout message writes them ("30.00").
    static func seconds(_ value: Double) -> String { String(format: "%.2f", value) }
}
