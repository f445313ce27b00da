import Foundation

/// The documented JSON form of items, shared by the ABI, the Swift API's
/// text helpers and the CLI:
///
/// | DynamoDB | JSON |
/// |---|---|
/// | S | `"text"` |
/// | N | `12.50` (a JSON number, its digits kept exactly) |
/// | BOOL / NULL | `true` / `null` |
/// | L / M | array / object |
/// | B | `{"$b64": "AAEC"}` |
/// | SS / NS / BS | `{"$ss": ["a"]}`, `{"$ns": [1, 2.5]}`, `{"$bs": ["AAE="]}` |
///
/// A map whose only member is one of those reserved names is written
/// `{"$m": {...}}` so it cannot be mistaken for a binary or a set.
public enum KVJSON {
    static let reserved: Set<String> = ["$b64", "$ss", "$ns", "$bs", "$m"]

    /// Parses an item (a JSON object) from text.
    public static func item(_ text: String, what: String = "item") throws(CloudError) -> KVItem {
        var text = text
        // A flat item of plain strings and numbers (every key, most small items) is read directly.
        let flat = text.withUTF8 { bytes in Result { () throws(CloudError) in try KVFlatItem.parse(bytes) } }
        if let item = try flat.get() { return item }
        return try item(JSONValue.parse(text, what: what), what: what)
    }

    /// Parses an item from UTF-8 bytes (a C string's, say) without making a
    /// `String` of them first when they hold a flat item; anything else is
    /// checked to be UTF-8 and read as `item(_:what:)` reads text.
    public static func item(utf8 bytes: UnsafeBufferPointer<UInt8>, what: String = "item") throws(CloudError) -> KVItem {
        if let item = try KVFlatItem.parse(bytes) { return item }
        guard let text = String(validating: bytes, as: UTF8.self) else { throw .invalidArgument("\(what) is not valid UTF-8") }
        return try item(JSONValue.parse(text, what: what), what: what)
    }

    /// Converts a parsed JSON object to an item.
    public static func item(_ json: JSONValue, what: String = "item") throws(CloudError) -> KVItem {
        guard case .object(let members) = json else { throw .invalidArgument("\(what) must be a JSON object") }
        // Sized at once (`init(minimumCapacity:)` is specialized, `reserveCapacity` is not).
        var item = KVItem(minimumCapacity: members.count)
        for (name, member) in members {
            item[name] = try value(member, path: name)
        }
        return item
    }

    /// Parses one value from text.
    public static func value(_ text: String, what: String = "value") throws(CloudError) -> AttributeValue {
        try value(JSONValue.parse(text, what: what), path: what)
    }

    /// Converts one JSON value; `path` names it in errors.
    public static func value(_ json: JSONValue, path: String) throws(CloudError) -> AttributeValue {
        switch json {
        case .string(let text): return .string(text)
        case .number(let text): return .number(try number(text, path))
        case .bool(let flag): return .bool(flag)
        case .null: return .null
        case .array(let elements):
            var list: [AttributeValue] = []
            for (index, element) in elements.enumerated() { list.append(try value(element, path: "\(path)[\(index)]")) }
            return .list(list)
        case .object(let members):
            if members.count == 1, let (name, inner) = members.first, reserved.contains(name) {
                return try tagged(name, inner, path)
            }
            var map: KVItem = [:]
            for (name, member) in members { map[name] = try value(member, path: "\(path).\(name)") }
            return .map(map)
        }
    }

    static func number(_ text: String, _ path: String) throws(CloudError) -> KVNumber {
        do throws(CloudError) {
            return try KVNumber(text)
        } catch {
            throw .invalidArgument("\(path): \(error.message)")
        }
    }

    private static func tagged(_ tag: String, _ inner: JSONValue, _ path: String) throws(CloudError) -> AttributeValue {
        switch tag {
        case "$b64":
            guard let text = inner.stringValue else { throw .invalidArgument("\(path): $b64 takes a base64 string") }
            return .binary(try base64(text, path))
        case "$m":
            guard case .object(let members) = inner else { throw .invalidArgument("\(path): $m takes an object") }
            var map: KVItem = [:]
            for (name, member) in members { map[name] = try value(member, path: "\(path).\(name)") }
            return .map(map)
        default:
            guard let elements = inner.arrayValue else { throw .invalidArgument("\(path): \(tag) takes an array") }
            do throws(CloudError) {
                switch tag {
                case "$ss":
                    return try .stringSet(try elements.map { (element) throws(CloudError) -> String in
                        guard let text = element.stringValue else { throw .invalidArgument("$ss holds strings only") }
                        return text
                    })
                case "$ns":
                    return try .numberSet(try elements.map { (element) throws(CloudError) -> KVNumber in
                        guard let text = element.numberText else { throw .invalidArgument("$ns holds numbers only") }
                        return try KVNumber(text)
                    })
                default:
                    return try .binarySet(try elements.map { (element) throws(CloudError) -> Data in
                        guard let text = element.stringValue else { throw .invalidArgument("$bs holds base64 strings only") }
                        return try base64(text, path)
                    })
                }
            } catch {
                throw .invalidArgument(error.message.hasPrefix(path) ? error.message : "\(path): \(error.message)")
            }
        }
    }

    private static func base64(_ text: String, _ path: String) throws(CloudError) -> Data {
        guard let data = Data(base64Encoded: text) else { throw .invalidArgument("\(path): '\(text)' is not base64") }
        return data
    }

    // MARK: Writing

    /// The JSON text of an item, members sorted by name (`KVJSONWriter`).
    public static func text(_ item: KVItem) -> String { String(decoding: utf8(item), as: UTF8.self) }

    /// The JSON text of one value.
    public static func text(_ value: AttributeValue) -> String { String(decoding: utf8(value), as: UTF8.self) }

    /// `text(item)`'s UTF-8 bytes, for a writer that wants bytes (a C string, say).
    public static func utf8(_ item: KVItem) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(64)
        KVJSONWriter.write(item, into: &output)
        return output
    }

    /// `text(value)`'s UTF-8 bytes.
    public static func utf8(_ value: AttributeValue) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(32)
        KVJSONWriter.write(value, into: &output)
        return output
    }
}
