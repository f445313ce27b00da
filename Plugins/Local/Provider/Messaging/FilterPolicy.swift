import CloudKitModel

/// An SNS attribute filter policy: every named attribute must match (AND),
/// each through any of its conditions (OR). Conditions: an exact string, an
/// exact number, `{"prefix": s}`, `{"suffix": s}`, `{"anything-but": v | [v…]}`,
/// `{"exists": true|false}`, `{"numeric": [op, n, (op, n)]}` with `=`, `<`,
/// `<=`, `>`, `>=`. Anything else is refused when subscribing.
struct FilterPolicy: Sendable {
    enum Condition: Sendable {
        case string(String)
        case number(KVNumber)
        case prefix(String)
        case suffix(String)
        case anythingBut([Condition])
        case exists(Bool)
        case numeric([(String, KVNumber)])
    }

    let rules: [String: [Condition]]

    init(json text: String) throws(CloudError) {
        guard case .object(let members) = try JSONValue.parse(text, what: "filter policy") else {
            throw .invalidArgument("a filter policy must be a JSON object")
        }
        var rules: [String: [Condition]] = [:]
        for (name, value) in members {
            guard case .array(let list) = value, !list.isEmpty else {
                throw .invalidArgument("filter policy: '\(name)' must map to a non-empty array of conditions")
            }
            var conditions: [Condition] = []
            for element in list { conditions.append(try Self.condition(element, name)) }
            rules[name] = conditions
        }
        self.rules = rules
    }

    static func condition(_ json: JSONValue, _ name: String) throws(CloudError) -> Condition {
        switch json {
        case .string(let text): return .string(text)
        case .number(let text): return .number(try KVNumber(text))
        case .object(let object) where object.count == 1:
            let (operation, operand) = (object.keys.first ?? "", object.values.first ?? .null)
            switch (operation, operand) {
            case ("prefix", .string(let text)): return .prefix(text)
            case ("suffix", .string(let text)): return .suffix(text)
            case ("exists", .bool(let flag)): return .exists(flag)
            case ("anything-but", .array(let values)):
                var excluded: [Condition] = []
                for value in values { excluded.append(try condition(value, name)) }
                return .anythingBut(excluded)
            case ("anything-but", .string), ("anything-but", .number):
                return .anythingBut([try condition(operand, name)])
            case ("numeric", .array(let terms)) where terms.count == 2 || terms.count == 4:
                var comparisons: [(String, KVNumber)] = []
                for index in stride(from: 0, to: terms.count, by: 2) {
                    guard let op = terms[index].stringValue, ["=", "<", "<=", ">", ">="].contains(op), let number = terms[index + 1].numberText,
                          case .number = terms[index + 1]
                    else { throw .invalidArgument("filter policy: '\(name)' has a malformed numeric condition") }
                    comparisons.append((op, try KVNumber(number)))
                }
                return .numeric(comparisons)
            default: break
            }
        default: break
        }
        throw .invalidArgument("filter policy: '\(name)' has a condition this provider does not support: \(json.text)")
    }

    /// Whether a message with `attributes` passes.
    func matches(_ attributes: MessageAttributes) -> Bool {
        rules.allSatisfy { name, conditions in conditions.contains { Self.matches($0, attributes[name]) } }
    }

    static func matches(_ condition: Condition, _ value: MessageAttributeValue?) -> Bool {
        switch condition {
        case .exists(let flag): return (value != nil) == flag
        case .anythingBut(let excluded):
            guard let value else { return false }
            return !excluded.contains { matches($0, value) }
        case .string(let expected):
            if case .string(let text)? = value { return text == expected }
            return false
        case .prefix(let prefix):
            if case .string(let text)? = value { return text.hasPrefix(prefix) }
            return false
        case .suffix(let suffix):
            if case .string(let text)? = value { return text.hasSuffix(suffix) }
            return false
        case .number(let expected):
            guard case .number(let text)? = value, let number = try? KVNumber(text) else { return false }
            return number == expected
        case .numeric(let comparisons):
            guard case .number(let text)? = value, let number = try? KVNumber(text) else { return false }
            return comparisons.allSatisfy { op, bound in
                switch op {
                case "=": number == bound
                case "<": number < bound
                case "<=": number <= bound
                case ">": number > bound
                default: number >= bound
                }
            }
        }
    }
}
