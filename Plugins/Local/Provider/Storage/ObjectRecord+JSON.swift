import CloudKitModel
import Foundation

/// The record's file format: a compact JSON object with the members
/// `blob`, `contentType`, `etag`, `key`, `lastModifiedMilliseconds`,
/// `metadata`, `properties` (absent when there are none) and `size` — what
/// `JSONEncoder` has always written for `ObjectRecord`, so records written
/// by either read with both. Written and read with the model's own JSON
/// code (`JSONValue`), which is several times cheaper than Foundation's
/// coders on every get, head and put.
extension ObjectRecord {
    /// The record as JSON text, keys sorted.
    var jsonText: String {
        var members: [String: JSONValue] = [
            "blob": .string(blob), "contentType": .string(contentType), "etag": .string(etag), "key": .string(key),
            "lastModifiedMilliseconds": .number(String(lastModifiedMilliseconds)), "metadata": Self.json(metadata),
            "size": .number(String(size)),
        ]
        if let properties { members["properties"] = Self.json(properties) }
        return JSONValue.object(members).text
    }

    /// A record from its JSON text; `invalid argument` with the reason when
    /// the text is not one (malformed, a member missing or of the wrong type).
    init(jsonBytes bytes: Data) throws(CloudError) {
        guard let text = String(validating: bytes, as: UTF8.self) else { throw .invalidArgument("it is not UTF-8") }
        guard let members = try JSONValue.parse(text, what: "the record").objectValue else { throw .invalidArgument("it is not a JSON object") }
        func string(_ name: String) throws(CloudError) -> String {
            guard let value = members[name]?.stringValue else { throw .invalidArgument("'\(name)' is missing or not a string") }
            return value
        }
        func integer(_ name: String) throws(CloudError) -> Int64 {
            guard case .number(let text)? = members[name], let value = Int64(text) else {
                throw .invalidArgument("'\(name)' is missing or not a whole number")
            }
            return value
        }
        func map(_ name: String) throws(CloudError) -> [String: String]? {
            guard let value = members[name], value != .null else { return nil }
            guard let object = value.objectValue else { throw .invalidArgument("'\(name)' is not an object") }
            var map: [String: String] = [:]
            for (key, member) in object {
                guard let text = member.stringValue else { throw .invalidArgument("'\(name).\(key)' is not a string") }
                map[key] = text
            }
            return map
        }
        guard let metadata = try map("metadata") else { throw .invalidArgument("'metadata' is missing") }
        self.init(
            key: try string("key"), size: try integer("size"), etag: try string("etag"), contentType: try string("contentType"),
            lastModifiedMilliseconds: try integer("lastModifiedMilliseconds"), metadata: metadata, blob: try string("blob"),
            properties: try map("properties"))
    }

    private static func json(_ map: [String: String]) -> JSONValue { .object(map.mapValues { .string($0) }) }
}
