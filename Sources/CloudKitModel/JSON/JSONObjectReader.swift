/// Reads one JSON object's members in order, straight from its UTF-8 bytes,
/// for a reader that wants a few members as typed values without the
/// `JSONValue` tree (a dictionary per object): the local provider's object
/// records, read on every get, head and listing.
///
/// It is `JSONValue.parse`'s own parser stepped by hand, so it accepts the
/// same texts and reports the same syntax errors: a member whose value is
/// not read is checked and passed over, a member name given twice is
/// refused, and nothing but whitespace may follow the object.
///
/// ```swift
/// var reader = try JSONObjectReader(bytes, what: "the record")
/// while let name = try reader.nextMember() {
///     if name == "size", reader.kind == .number { size = Int64(try reader.number()) } // else passed over
/// }
/// try reader.end()
/// ```
public struct JSONObjectReader {
    /// What a value is, before it is read.
    public enum Kind: Sendable {
        case string, number, bool, null, array, object
    }

    private var parser: JSONParser
    private var names: [String] = []
    /// Whether the current member's value has been read (else `nextMember` passes over it).
    private var valueRead = true
    /// Whether the object's closing brace has been read.
    private var closed = false

    /// Starts reading the object `bytes` hold; `what` names the text in errors
    /// (`invalid argument`). Text that does not start with an object is refused.
    public init(_ bytes: UnsafeBufferPointer<UInt8>, what: String) throws(CloudError) {
        parser = JSONParser(bytes, what: what)
        guard parser.peekKind() == .object else { throw .invalidArgument("\(what) must be a JSON object") }
        try parser.beginObject()
    }

    /// The kind of the current member's value; nil when there is no value to read.
    public var kind: Kind? {
        mutating get { valueRead ? nil : parser.peekKind() }
    }

    /// The next member's name, nil after the last; an unread value before it is passed over.
    public mutating func nextMember() throws(CloudError) -> String? {
        guard !closed else { return nil }
        if !valueRead {
            try parser.skipValue()
            valueRead = true
        }
        guard let name = try parser.nextMemberName(first: names.isEmpty) else {
            closed = true
            return nil
        }
        // A duplicate is the full parser's error (and refused there too).
        if names.contains(name) { throw parser.duplicateMember(name) }
        names.append(name)
        valueRead = false
        return name
    }

    /// The current member's value as a string (check `kind` first).
    public mutating func string() throws(CloudError) -> String {
        try take(.string) { (parser: inout JSONParser) throws(CloudError) in try parser.readString() }
    }

    /// The current member's value as a number's exact text (check `kind` first).
    public mutating func number() throws(CloudError) -> String {
        try take(.number) { (parser: inout JSONParser) throws(CloudError) in try parser.readNumber() }
    }

    /// The current member's value, an object of string members, as a dictionary; `nil` for a JSON null.
    /// Another kind, or a member that is not a string, is `invalid argument` naming `field`.
    public mutating func stringMap(_ field: String) throws(CloudError) -> [String: String]? {
        switch kind {
        case .null:
            try parser.skipValue()
            valueRead = true
            return nil
        case .object:
            break
        default:
            throw .invalidArgument("'\(field)' is not an object")
        }
        valueRead = true
        try parser.beginObject()
        var map: [String: String] = [:]
        var first = true
        while let name = try parser.nextMemberName(first: first) {
            first = false
            guard parser.peekKind() == .string else { throw .invalidArgument("'\(field).\(name)' is not a string") }
            let value = try parser.readString()
            guard map.updateValue(value, forKey: name) == nil else { throw parser.duplicateMember(name) }
        }
        return map
    }

    /// Checks that the object is complete (passing over its remaining
    /// members) and that nothing but whitespace follows it.
    public mutating func end() throws(CloudError) {
        while try nextMember() != nil {}
        try parser.end()
    }

    private mutating func take<T>(_ expected: Kind, _ read: (inout JSONParser) throws(CloudError) -> T) throws(CloudError) -> T {
        guard kind == expected else { throw .invalidArgument("\(parser.whatText): expected a \(expected) value") }
        valueRead = true
        return try read(&parser)
    }
}
