/// Every conformance case, and selections of them.
public enum ConformanceSuite {
    /// Every case, family by family.
    public static let all: [ConformanceCase] = {
        let cases = StorageCases.all + KVCases.all + QueueCases.all + PubSubCases.all + FunctionCases.all + LifecycleCases.all + HostileCases.all
        return ConformanceFamily.allCases.flatMap { family in cases.filter { $0.family == family } }
    }()

    /// The case called `name` (`storage.list-order`), if any.
    public static func named(_ name: String) -> ConformanceCase? {
        all.first { $0.name == name }
    }

    /// The cases of `families` (every family when empty), or only those called one of `names` when given.
    public static func selected(families: Set<ConformanceFamily> = [], names: Set<String> = []) -> [ConformanceCase] {
        all.filter { (families.isEmpty || families.contains($0.family)) && (names.isEmpty || names.contains($0.name)) }
    }
}
