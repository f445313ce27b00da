import CloudKitModel
import Testing

/// `JSONObjectReader`: an object's members read in order as typed values,
/// by `JSONValue.parse`'s own parser, so the same texts pass and fail.
@Suite("JSONObjectReader: members read straight from the bytes")
struct JSONObjectReaderTests {
    /// The members of `text` as `name=value` lines: strings and numbers read, string maps read, the rest passed over.
    static func members(_ text: String) throws(CloudError) -> [String] {
        var text = text
        let result = text.withUTF8 { bytes in
            Result { () throws(CloudError) -> [String] in
                var reader = try JSONObjectReader(bytes, what: "the text")
                var lines: [String] = []
                while let name = try reader.nextMember() {
                    switch reader.kind {
                    case .string: lines.append("\(name)=\(try reader.string())")
                    case .number: lines.append("\(name)=#\(try reader.number())")
                    case .object where name.hasPrefix("map"):
                        let map = try reader.stringMap(name) ?? [:]
                        lines.append("\(name)={\(map.keys.sorted().map { "\($0):\(map[$0] ?? "")" }.joined(separator: ","))}")
                    default: lines.append("\(name) passed")
                    }
                }
                try reader.end()
                return lines
            }
        }
        return try result.get()
    }

    @Test("strings (escapes and all), exact numbers and string maps are read; other values are passed over")
    func reads() throws {
        let text = #" { "s": "a\"b\u00e9😀", "n": -12.50e3, "map": {"x": "1", "y": ""}, "skip": [1, {"deep": [true, null]}], "b": false, "z": null, "o": {"k": 1} } "#
        #expect(try Self.members(text) == [#"s=a"bé😀"#, "n=#-12.50e3", "map={x:1,y:}", "skip passed", "b passed", "z passed", "o passed"])
        #expect(try Self.members("{}") == [])
    }

    @Test("what the full parser refuses is refused, passed-over values included, and a duplicate name anywhere")
    func refusals() {
        for bad in [#"{"a": 1,}"#, #"{"a" 1}"#, #"{"a": [1,]}"#, #"{"a": "\ud800"}"#, #"{"a": 01}"#, #"{"a": 1} x"#, #"{"a": 1"#,
                    #"{"a": 1, "a": 2}"#, #"{"map": {"k": "1", "k": "2"}}"#, "", #"{"a": tru}"#] {
            #expect(throws: CloudError.self, "\(bad)") { try Self.members(bad) }
            #expect(throws: CloudError.self, "\(bad)") { try JSONValue.parse(bad) }
        }
        // Valid JSON, but not what the reader reads: another value than an object, a map with a number.
        for other in ["[1]", #"{"map": {"k": 1}}"#] {
            #expect(throws: CloudError.self, "\(other)") { try Self.members(other) }
        }
    }

    @Test("a value of another kind is refused by the typed reads, naming the member or the text")
    func typeMismatch() throws {
        var text = #"{"a": 1, "m": "x"}"#
        let result = text.withUTF8 { bytes in
            Result { () throws(CloudError) -> (CloudError?, CloudError?) in
                var reader = try JSONObjectReader(bytes, what: "the text")
                _ = try reader.nextMember()
                let string = #expect(throws: CloudError.self) { _ = try reader.string() }
                _ = try reader.nextMember()
                let map = #expect(throws: CloudError.self) { _ = try reader.stringMap("m") }
                return (string, map)
            }
        }
        let (string, map) = try result.get()
        #expect(string?.kind == .invalidArgument && string?.message.contains("the text") == true)
        #expect(map?.message == "'m' is not an object")
    }
}
