/// What a case needs from a provider: table entries (operations) per
/// service, per-call option keys, limits flagged true, and fixtures.
///
/// ```swift
/// .on(.queue, "create_queue", "send", "receive").flag(.queue, "fifo")
/// ```
public struct ConformanceRequirement: Sendable {
    /// An option key an operation must accept.
    public struct OptionNeed: Sendable, Hashable {
        public var service: ConformanceService
        public var operation: String
        public var key: String
    }

    /// A limit that must be `true` in the capabilities document (`fifo`).
    public struct FlagNeed: Sendable, Hashable {
        public var service: ConformanceService
        public var limit: String
    }

    /// Operations (C entry names) by service, in the order given.
    public private(set) var operations: [(service: ConformanceService, names: [String])] = []
    public private(set) var options: [OptionNeed] = []
    public private(set) var flags: [FlagNeed] = []
    public private(set) var fixtures: [ConformanceFixture] = []

    /// Needs `operations` of `service`.
    public static func on(_ service: ConformanceService, _ operations: String...) -> ConformanceRequirement {
        ConformanceRequirement().and(service, operations)
    }

    /// Also needs `operations` of `service`.
    public func and(_ service: ConformanceService, _ operations: String...) -> ConformanceRequirement {
        and(service, operations)
    }

    private func and(_ service: ConformanceService, _ names: [String]) -> ConformanceRequirement {
        var copy = self
        copy.operations.append((service, names))
        return copy
    }

    /// Also needs `operation` of `service` to accept each of `keys`.
    public func option(_ service: ConformanceService, _ operation: String, _ keys: String...) -> ConformanceRequirement {
        var copy = self
        copy.options += keys.map { OptionNeed(service: service, operation: operation, key: $0) }
        return copy
    }

    /// Also needs the limit `limit` of `service` to be `true`.
    public func flag(_ service: ConformanceService, _ limit: String) -> ConformanceRequirement {
        var copy = self
        copy.flags.append(FlagNeed(service: service, limit: limit))
        return copy
    }

    /// Also needs `fixture`.
    public func fixture(_ fixture: ConformanceFixture) -> ConformanceRequirement {
        var copy = self
        copy.fixtures.append(fixture)
        return copy
    }
}
