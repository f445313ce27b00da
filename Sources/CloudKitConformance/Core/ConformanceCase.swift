/// One behaviour every provider must share, as data: a family, a name, what
/// it needs from the provider, and a body that checks it on a fresh client.
///
/// The in-tree test suite and `cloudkit conformance` run these same cases.
public struct ConformanceCase: Sendable, Identifiable, CustomStringConvertible {
    public let family: ConformanceFamily
    /// The name within the family (`list-order`).
    public let slug: String
    /// What the case checks, in a sentence.
    public let summary: String
    /// What the provider must offer; otherwise the case is skipped.
    public let requirement: ConformanceRequirement
    /// The check: throws `ConformanceFailure` (or any error) when the provider misbehaves.
    let body: @Sendable (ConformanceContext) async throws -> Void

    init(
        _ family: ConformanceFamily, _ slug: String, _ summary: String, needs requirement: ConformanceRequirement,
        _ body: @escaping @Sendable (ConformanceContext) async throws -> Void
    ) {
        self.family = family
        self.slug = slug
        self.summary = summary
        self.requirement = requirement
        self.body = body
    }

    /// `family.slug`, as the command line prints it (`storage.list-order`).
    public var name: String { "\(family.rawValue).\(slug)" }
    public var id: String { name }
    public var description: String { name }
}
