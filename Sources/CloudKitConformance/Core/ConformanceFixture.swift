import CloudKit

/// Something a case needs that no ABI call can make, so the person running
/// the kit provides it (the CLI's `--echo-function`, `--failing-function`).
public enum ConformanceFixture: String, CaseIterable, Sendable, Hashable {
    /// A function that returns its payload as its result, with a version `1` that does the same.
    case echoFunction
    /// A function that runs and fails: its result carries a handled function error and a payload.
    case failingFunction

    /// How to provide it on the command line.
    public var flag: String {
        switch self {
        case .echoFunction: "--echo-function NAME"
        case .failingFunction: "--failing-function NAME"
        }
    }

    /// What it is, for a skip reason.
    var summary: String {
        switch self {
        case .echoFunction: "a function that returns its payload"
        case .failingFunction: "a function that fails, handled"
        }
    }
}

/// A function a case may call, and how to reach it.
public struct FixtureFunction: Sendable {
    /// The function's name.
    public var name: String
    /// Opens a client that reaches it; nil: a client of the target.
    public var open: (@Sendable () async throws -> Cloud)?

    public init(name: String, open: (@Sendable () async throws -> Cloud)? = nil) {
        self.name = name
        self.open = open
    }
}
