import CloudKitModel

/// Which function (and which version of it) a call names, parsed from
/// Lambda's three spellings: a bare name, `name:qualifier`, or an ARN
/// `arn:aws:lambda:<region>:<account>:function:<name>[:<qualifier>]`.
///
/// `$LATEST` is the unqualified function, so it is stored as a nil qualifier.
struct FunctionReference: Sendable, Hashable {
    /// The function's name (1–64 of `[A-Za-z0-9_-]`).
    let name: String
    /// The version or alias, nil for `$LATEST`.
    let qualifier: String?

    /// The version Lambda reports for an unqualified call.
    static let latest = "$LATEST"
    /// The ARN prefix of every local function.
    static let arnPrefix = "arn:aws:lambda:local:000000000000:function:"

    /// A reference to `name` (already validated) at `qualifier`.
    init(name: String, qualifier: String?) {
        self.name = name
        self.qualifier = qualifier == Self.latest ? nil : qualifier
    }

    /// Parses `function` and merges the separately given `qualifier`.
    /// `invalid argument` for a malformed name, ARN or qualifier, or when
    /// the two qualifiers disagree (as Lambda does).
    static func parse(_ function: String, qualifier: String?) throws(CloudError) -> FunctionReference {
        let (name, embedded) = try split(function)
        guard isValidName(name) else {
            throw invalid("'\(name)' is not a valid function name: use 1 to 64 letters, digits, '-' or '_'")
        }
        let given = qualifier.flatMap { $0.isEmpty ? nil : $0 }
        for candidate in [embedded, given].compactMap({ $0 }) where !isValidQualifier(candidate) {
            throw invalid("'\(candidate)' is not a valid qualifier: use $LATEST or 1 to 128 letters, digits, '-' or '_'")
        }
        if let embedded, let given, embedded != given {
            throw invalid("the qualifier in the function name (\(embedded)) does not match the qualifier given (\(given))")
        }
        return FunctionReference(name: name, qualifier: embedded ?? given)
    }

    /// True for 1–64 characters of `[A-Za-z0-9_-]`.
    static func isValidName(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        return (1...64).contains(bytes.count) && bytes.allSatisfy(isNameByte)
    }

    /// True for `$LATEST` or 1–128 characters of `[A-Za-z0-9_-]`.
    static func isValidQualifier(_ qualifier: String) -> Bool {
        if qualifier == latest { return true }
        let bytes = Array(qualifier.utf8)
        return (1...128).contains(bytes.count) && bytes.allSatisfy(isNameByte)
    }

    /// The version an invocation reports (`$LATEST` when unqualified).
    var version: String { qualifier ?? Self.latest }

    /// The function's ARN, with the qualifier when one other than `$LATEST` was named.
    var arn: String {
        let base = Self.arnPrefix + name
        return qualifier.map { "\(base):\($0)" } ?? base
    }

    /// The executable's file name in the functions folder: `name`, or `name@qualifier`.
    var fileName: String {
        qualifier.map { "\(name)@\($0)" } ?? name
    }

    // MARK: Parsing

    /// The name and the qualifier written in `function`, not yet validated.
    private static func split(_ function: String) throws(CloudError) -> (String, String?) {
        let parts = function.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        if parts.first == "arn" {
            // arn:partition:lambda:region:account:function:name[:qualifier]
            guard (7...8).contains(parts.count), parts[2] == "lambda", parts[5] == "function" else {
                throw invalid("'\(function)' is not a Lambda function ARN")
            }
            return (parts[6], parts.count == 8 ? parts[7] : nil)
        }
        switch parts.count {
        case 1: return (function, nil)
        case 2: return (parts[0], parts[1])
        default: throw invalid("'\(function)' is not a function name, name:qualifier or ARN")
        }
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "-"), UInt8(ascii: "_"):
            return true
        default:
            return false
        }
    }

    private static func invalid(_ message: String) -> CloudError {
        CloudError(.invalidArgument, message, code: "InvalidParameterValueException")
    }
}
