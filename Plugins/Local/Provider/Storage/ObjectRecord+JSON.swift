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
    /// the text is not one (malformed, a member missing or of the wrong
    /// type). Members are read as they come (`JSONObjectReader`), with no
    /// `JSONValue` tree in between; members it does not know are passed over.
    init(jsonBytes bytes: Data) throws(CloudError) {
        let fields = bytes.withUnsafeBytes { raw in
            Result { () throws(CloudError) -> Fields in try Fields(raw.bindMemory(to: UInt8.self)) }
        }
        let read = try fields.get()
        func required<T>(_ value: T?, _ name: String, _ what: String) throws(CloudError) -> T {
            guard let value else { throw .invalidArgument("'\(name)' is missing or not \(what)") }
            return value
        }
        self.init(
            key: try required(read.key, "key", "a string"), size: try required(read.size, "size", "a whole number"),
            etag: try required(read.etag, "etag", "a string"), contentType: try required(read.contentType, "contentType", "a string"),
            lastModifiedMilliseconds: try required(read.lastModified, "lastModifiedMilliseconds", "a whole number"),
            metadata: try required(read.metadata, "metadata", "an object"), blob: try required(read.blob, "blob", "a string"),
            properties: read.properties)
    }

    /// The members of a record as read; nil where one is missing (or, for a
    /// string or a number, of another kind).
    private struct Fields {
        var key, etag, contentType, blob: String?
        var size, lastModified: Int64?
        var metadata, properties: [String: String]?

        init(_ bytes: UnsafeBufferPointer<UInt8>) throws(CloudError) {
            var reader = try JSONObjectReader(bytes, what: "the record")
            while let name = try reader.nextMember() {
                switch name {
                case "key": key = try Self.string(&reader)
                case "etag": etag = try Self.string(&reader)
                case "contentType": contentType = try Self.string(&reader)
                case "blob": blob = try Self.string(&reader)
                case "size": size = try Self.integer(&reader, name)
                case "lastModifiedMilliseconds": lastModified = try Self.integer(&reader, name)
                case "metadata": metadata = try reader.stringMap(name)
                case "properties": properties = try reader.stringMap(name)
                default: break  // passed over by the next `nextMember`
                }
            }
            try reader.end()
        }

        private static func string(_ reader: inout JSONObjectReader) throws(CloudError) -> String? {
            reader.kind == .string ? try reader.string() : nil
        }

        private static func integer(_ reader: inout JSONObjectReader, _ name: String) throws(CloudError) -> Int64? {
            guard reader.kind == .number else { return nil }
            guard let value = Int64(try reader.number()) else { throw .invalidArgument("'\(name)' is missing or not a whole number") }
            return value
        }
    }

    private static func json(_ map: [String: String]) -> JSONValue { .object(map.mapValues { .string($0) }) }
}
