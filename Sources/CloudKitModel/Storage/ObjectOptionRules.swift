/// The rules every provider applies to object options the same way: which
/// keys an operation takes, what a value may hold, and how a put's
/// condition is spelled.
public enum ObjectOptionRules {
    /// Checks every key of `options` against `allowed` (the operation's keys;
    /// `operation` names it in errors) and every value. A key in `refused`
    /// (ones this provider cannot honour) is `unsupported`; any other key not
    /// allowed, or a bad value, is `invalid argument`; both name the key.
    public static func check(_ options: [String: String], allowed: [String], refused: [String] = [], provider: String, operation: String) throws(CloudError) {
        for (key, value) in options.sorted(by: { $0.key < $1.key }) {
            if refused.contains(key) && allowed.contains(key) {
                throw CloudError(.unsupported, "the \(provider) provider cannot honour object option '\(key)'", code: "NotImplemented")
            }
            guard allowed.contains(key) else {
                throw CloudError(
                    .invalidArgument, "object option '\(key)' is not one \(operation) takes (\(allowed.joined(separator: ", ")))",
                    code: "InvalidArgument")
            }
            try checkValue(value, key: key)
        }
        if let tags = options[ObjectOptionKey.tags] { _ = try ObjectTagSet.parse(tags) }
    }

    /// An option value must fit in an HTTP header unchanged: printable
    /// ASCII, not empty, no space at either end.
    public static func checkValue(_ value: String, key: String) throws(CloudError) {
        guard !value.isEmpty else { throw invalid(key, "must not be empty") }
        guard value.utf8.allSatisfy({ (0x20...0x7E).contains($0) }), value.first != " ", value.last != " " else {
            throw invalid(key, "must be printable ASCII without spaces at either end (percent-encode anything else)")
        }
    }

    /// `if_modified_since` as milliseconds since 1970; `invalid argument` otherwise.
    public static func modifiedSince(_ text: String) throws(CloudError) -> Int64 {
        guard let milliseconds = Int64(text), milliseconds >= 0, milliseconds < 253_402_300_800_000 else {
            throw invalid(ObjectOptionKey.ifModifiedSince, "must be milliseconds since 1970 (a whole number, not '\(text)')")
        }
        return milliseconds
    }

    /// `invalid argument` naming option `key`.
    public static func invalid(_ key: String, _ problem: String) -> CloudError {
        CloudError(.invalidArgument, "object option '\(key)' \(problem)", code: "InvalidArgument")
    }

    /// The condition of a put: `condition`, or the one its options spell
    /// (`if_none_match` must be `*`); both given must agree.
    public static func writeCondition(_ condition: ObjectWriteCondition?, options: [String: String]) throws(CloudError) -> ObjectWriteCondition? {
        var spelled: ObjectWriteCondition?
        switch (options[ObjectOptionKey.ifMatch], options[ObjectOptionKey.ifNoneMatch]) {
        case (.some, .some):
            throw CloudError(.invalidArgument, "a put takes if_match or if_none_match, not both", code: "InvalidArgument")
        case (.some(let etag), nil):
            spelled = .ifMatch(etag)
        case (nil, .some(let value)):
            guard value == "*" else { throw invalid(ObjectOptionKey.ifNoneMatch, "on a put must be \"*\" (store only if absent)") }
            spelled = .ifAbsent
        case (nil, nil):
            break
        }
        if let condition, let spelled, condition != spelled {
            throw CloudError(.invalidArgument, "the put's condition and its if_match/if_none_match options disagree", code: "InvalidArgument")
        }
        let chosen = condition ?? spelled
        if case .ifMatch(let etag) = chosen { try checkValue(etag, key: ObjectOptionKey.ifMatch) }
        return chosen
    }
}
