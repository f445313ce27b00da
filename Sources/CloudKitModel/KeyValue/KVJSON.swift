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

    /// The JSON text of an item, keys sorted.
    public static func text(_ item: KVItem) -> String { json(item).text }

    /// The JSON text of one value.
    public static func text(_ value: AttributeValue) -> String { json(value).text }

    public static func json(_ item: KVItem) -> JSONValue {
        .object(item.mapValues { json($0) })
    }

    public static func json(_ value: AttributeValue) -> JSONValue {
        switch value {
        case .string(let text): return .string(text)
        case .number(let number): return .number(number.text)
        case .bool(let flag): return .bool(flag)
        case .null: return .null
        case .binary(let data): return .object(["$b64": .string(data.base64EncodedString())])
        case .list(let list): return .array(list.map { json($0) })
        case .map(let map):
            let object = JSONValue.object(map.mapValues { json($0) })
            if map.count == 1, let name = map.keys.first, reserved.contains(name) { return .object(["$m": object]) }
            return object
        case .strings(let members): return .object(["$ss": .array(members.map { .string($0) })])
        case .numbers(let members): return .object(["$ns": .array(members.map { .number($0.text) })])
        case .binaries(let members): return .object(["$bs": .array(members.map { .string($0.base64EncodedString()) })])
        }
    }
}
