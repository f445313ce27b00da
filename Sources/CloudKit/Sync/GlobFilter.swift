/// Which relative paths a sync (or recursive delete) takes part in, from
/// `--exclude` and `--include` rules, with the precedence of `aws s3 sync`:
/// every path is included at first, and the rules are applied in the order
/// given, each one that matches deciding anew, so the last matching rule
/// wins. `--exclude '*' --include '*.jpg'` keeps only JPEGs;
/// `--include '*.jpg' --exclude '*'` keeps nothing.
public struct GlobFilter: Sendable, Hashable {
    /// One rule: a pattern, and whether a match includes or excludes.
    public struct Rule: Sendable, Hashable {
        public var include: Bool
        public var pattern: GlobPattern

        public init(include: Bool, pattern: GlobPattern) {
            self.include = include
            self.pattern = pattern
        }

        public static func include(_ pattern: String) -> Rule { Rule(include: true, pattern: GlobPattern(pattern)) }
        public static func exclude(_ pattern: String) -> Rule { Rule(include: false, pattern: GlobPattern(pattern)) }
    }

    /// The rules, in the order given.
    public var rules: [Rule]

    public init(_ rules: [Rule] = []) {
        self.rules = rules
    }

    /// True when `path` (relative, `/`-separated) takes part.
    public func includes(_ path: String) -> Bool {
        var included = true
        for rule in rules where rule.pattern.matches(path) { included = rule.include }
        return included
    }
}
