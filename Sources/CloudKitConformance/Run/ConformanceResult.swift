/// How one case went.
public enum ConformanceOutcome: Sendable, Hashable {
    case passed
    /// The provider misbehaved: what was expected and what came.
    case failed(String)
    /// The provider does not offer what the case needs, or a fixture is missing.
    case skipped(String)
}

/// One case's outcome, as the command line prints it.
public struct ConformanceResult: Sendable, Hashable {
    /// `family.slug`.
    public var name: String
    public var outcome: ConformanceOutcome

    public init(name: String, outcome: ConformanceOutcome) {
        self.name = name
        self.outcome = outcome
    }

    /// `PASS storage.list-order`, `FAIL kv.conditional-put: …`, `SKIP queue.fifo-order: …`, on one line.
    public var line: String {
        switch outcome {
        case .passed: "PASS \(name)"
        case .failed(let message): "FAIL \(name): \(Self.oneLine(message))"
        case .skipped(let reason): "SKIP \(name): \(Self.oneLine(reason))"
        }
    }

    private static func oneLine(_ text: String) -> String {
        text.split(omittingEmptySubsequences: true, whereSeparator: \.isNewline).joined(separator: " ")
    }
}

/// The counts of a run.
public struct ConformanceSummary: Sendable, Hashable {
    public var passed = 0
    public var failed = 0
    public var skipped = 0

    public init() {}

    /// Counts `result`.
    public mutating func add(_ result: ConformanceResult) {
        switch result.outcome {
        case .passed: passed += 1
        case .failed: failed += 1
        case .skipped: skipped += 1
        }
    }

    /// True when no case failed.
    public var succeeded: Bool { failed == 0 }

    /// `N passed, N failed, N skipped`.
    public var line: String { "\(passed) passed, \(failed) failed, \(skipped) skipped" }
}
