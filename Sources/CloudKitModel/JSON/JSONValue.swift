/// A JSON value that keeps every number as the exact text it was written
/// with, so 38-digit decimals survive a round trip (a `Double` would not).
///
/// Objects are dictionaries; `JSONWriter` prints their keys sorted, so
/// output is deterministic.
public enum JSONValue: Sendable, Hashable {
    case string(String)
    /// The number's lexeme, already checked to be valid JSON number syntax.
    case number(String)
    case bool(Bool)
    case null
    case array([JSONValue])
    case object([String: JSONValue])

    /// Parses one JSON text (RFC 8259). Malformed input is `invalid argument`
    /// naming `what` and the byte offset.
    public static func parse(_ text: String, what: String = "JSON") throws(CloudError) -> JSONValue {
        var text = text
        // Parsed in place from the string's own UTF-8 (made contiguous first if need be).
        return try text.withUTF8 { bytes in
            var parser = JSONParser(bytes, what: what)
            return Result { () throws(CloudError) in try parser.parseDocument() }
        }.get()
    }

    /// Checks that `text` is one JSON value (RFC 8259, in UTF-8) whose
    /// outermost value is an object when `object` is set, without building
    /// it: what `parse` accepts passes (a member name given twice passes
    /// too). For texts that are handed on as they are, such as stored items.
    public static func check(_ text: String, what: String = "JSON", object: Bool = false) throws(CloudError) {
        var text = text
        try text.withUTF8 { bytes in
            var parser = JSONParser(bytes, what: what, building: false)
            return Result { () throws(CloudError) in
                if object, bytes.first(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }) != UInt8(ascii: "{") {
                    throw CloudError.invalidArgument("\(what) must be a JSON object")
                }
                _ = try parser.parseDocument()
            }
        }.get()
    }

    /// The compact JSON text of this value, object keys sorted.
    public var text: String { JSONWriter.text(of: self) }

    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    public var objectValue: [String: JSONValue]? {
        if case .object(let value) = self { return value }
        return nil
    }

    public var arrayValue: [JSONValue]? {
        if case .array(let value) = self { return value }
        return nil
    }

    /// The number's text, or a string's text (services often send numbers as strings).
    public var numberText: String? {
        switch self {
        case .number(let text), .string(let text): return text
        default: return nil
        }
    }

    public subscript(key: String) -> JSONValue? {
        objectValue?[key]
    }
}
