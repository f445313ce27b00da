import CloudKit

/// The provider a run checks: how to open a fresh client of it (each case
/// gets its own), the fixtures cases may use, and how long one case may take.
public struct ConformanceTarget: Sendable {
    /// Opens a new client of the provider. Every client it opens must reach
    /// the same resources: a case may open a second one (`anotherClient`).
    public var open: @Sendable () async throws -> Cloud
    /// The fixtures provided; a case needing another is skipped.
    public var functions: [ConformanceFixture: FixtureFunction]
    /// How long one case may run before it is reported failed (and cancelled):
    /// a guard against a call that never completes, never a measure of speed.
    public var caseTimeout: Duration

    /// The default guard: far beyond any case's own waits (the longest long poll is 20 s).
    public static let defaultCaseTimeout: Duration = .seconds(120)

    public init(
        functions: [ConformanceFixture: FixtureFunction] = [:], caseTimeout: Duration = defaultCaseTimeout,
        open: @escaping @Sendable () async throws -> Cloud
    ) {
        self.open = open
        self.functions = functions
        self.caseTimeout = caseTimeout
    }
}
