import Foundation

/// The environment a function runs with: this process's environment plus
/// the variables Lambda's runtime sets for one invocation.
enum FunctionEnvironment {
    /// The variables for one invocation of `reference` with `requestID`.
    static func variables(for reference: FunctionReference, requestID: String, timeoutSeconds: Double) -> [String: String] {
        var variables = ProcessInfo.processInfo.environment
        variables["AWS_LAMBDA_FUNCTION_NAME"] = reference.name
        variables["AWS_LAMBDA_FUNCTION_VERSION"] = reference.version
        variables["AWS_LAMBDA_REQUEST_ID"] = requestID
        variables["AWS_LAMBDA_FUNCTION_TIMEOUT"] = seconds(timeoutSeconds)
        variables["CLOUDKIT_FUNCTION_NAME"] = reference.name
        return variables
    }

    /// `NAME=value` lines for `execve`, sorted so children see a stable order.
    static func entries(_ variables: [String: String]) -> [String] {
        variables.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
    }

    /// A whole number of seconds without a fraction ("30"), else the decimal ("0.5").
    static func seconds(_ value: Double) -> String {
        if value == value.rounded(), let whole = Int(exactly: value) { return String(whole) }
        return String(value)
    }

    /// A new request id, as Lambda's (a lowercase UUID).
    static func newRequestID() -> String { UUID().uuidString.lowercased() }
}
