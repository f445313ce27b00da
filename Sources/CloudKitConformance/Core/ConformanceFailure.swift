import CloudKit

/// A check of a conformance case that did not hold, saying what was
/// expected and what came instead (`expected precondition failed, got ok`).
public struct ConformanceFailure: Error, Sendable, CustomStringConvertible {
    public let message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}

/// Fails with `message` unless `condition` holds.
func expect(_ condition: Bool, _ message: @autoclosure () -> String) throws(ConformanceFailure) {
    guard condition else { throw ConformanceFailure(message()) }
}

/// Fails unless `actual` equals `expected`: `what: expected E, got A`.
func expectEqual<Value: Equatable>(_ actual: Value, _ expected: Value, _ what: @autoclosure () -> String) throws(ConformanceFailure) {
    guard actual == expected else { throw ConformanceFailure("\(what()): expected \(shown(expected)), got \(shown(actual))") }
}

/// The value, or a failure saying `what` was missing.
func require<Value>(_ value: Value?, _ what: @autoclosure () -> String) throws(ConformanceFailure) -> Value {
    guard let value else { throw ConformanceFailure("\(what()): expected a value, got none") }
    return value
}

/// Runs `operation`, which must fail with `kind`; returns the error for further checks.
/// `what: expected not found, got ok` (or the other kind and its message).
@discardableResult
func expectError<Value>(
    _ kind: CloudErrorKind, _ what: @autoclosure () -> String, _ operation: () async throws -> Value
) async throws(ConformanceFailure) -> CloudError {
    do {
        _ = try await operation()
    } catch let error as CloudError {
        guard error.kind == kind else { throw ConformanceFailure("\(what()): expected \(kind), got \(error)") }
        return error
    } catch {
        throw ConformanceFailure("\(what()): expected \(kind), got \(error)")
    }
    throw ConformanceFailure("\(what()): expected \(kind), got ok")
}

/// A value as a message shows it: strings quoted, optionals unwrapped.
private func shown<Value>(_ value: Value) -> String {
    let text = String(describing: value)
    if let string = value as? String { return JSONValue.string(string).text }
    if text.hasPrefix("Optional(") && text.hasSuffix(")") { return String(text.dropFirst(9).dropLast()) }
    return text
}
