import Foundation
import Testing

@testable import CloudKitModel

/// The flat-item fast path of `KVJSON.item`: for every text it either reads
/// what the full parser reads or steps aside, and every error stays the full
/// parser's.
@Suite("KV flat items")
struct KVFlatItemTests {
    /// What the full path (the `JSONValue` tree) makes of `text`.
    func full(_ text: String) -> Result<KVItem, CloudError> {
        Result { () throws(CloudError) in try KVJSON.item(JSONValue.parse(text, what: "item"), what: "item") }
    }

    func fast(_ text: String) throws -> KVItem? {
        var text = text
        return try text.withUTF8 { bytes in Result { () throws(CloudError) in try KVFlatItem.parse(bytes) } }.get()
    }

    @Test("flat items of plain strings and numbers are read directly, the same as the full parser reads them", arguments: [
        #"{"pk":"user#1"}"#, #"{"pk":"a","sk":42}"#, #" { "pk" : "a" , "sk" : -0.5e+3 } "#, "{}", "\t{\n}\r\n",
        #"{"n":0,"m":-0,"e":1E9,"f":12345678901234567890123456789012345678}"#, #"{"s":""}"#, #"{"$b64":"x"}"#,
    ])
    func flat(text: String) throws {
        let direct = try #require(try fast(text), "not read directly: \(text)")
        #expect(direct == (try full(text).get()))
        #expect(try KVJSON.item(text) == direct)
    }

    @Test("anything else steps aside to the full parser, which reads it or refuses it as before", arguments: [
        #"{"pk":"caf\u00e9"}"#, #"{"pk":"café"}"#, #"{"b":true}"#, #"{"z":null}"#, #"{"l":[1]}"#, #"{"m":{"k":"v"}}"#,
        #"{"pk":"a","pk":"b"}"#, #"{"n":01}"#, #"{"n":1.}"#, #"{"n":-}"#, #"{"n":1e}"#, #"{"pk":"a",}"#, #"{"pk":"a"} x"#,
        #"["pk"]"#, "", #"{"pk":"a""#, #"{pk:"a"}"#, "{\"t\":\"a\tb\"}",
    ])
    func other(text: String) throws {
        #expect(try fast(text) == nil, "read directly: \(text)")
        let expected = full(text)
        let actual = Result { () throws(CloudError) in try KVJSON.item(text) }
        switch (expected, actual) {
        case (.success(let a), .success(let b)): #expect(a == b)
        case (.failure(let a), .failure(let b)): #expect(a.message == b.message && a.kind == b.kind)
        default: Issue.record("\(text): full \(expected), item \(actual)")
        }
    }

    @Test("isFlat says yes to exactly the flat items (each a JSON object the full check accepts) and no to every other text", arguments: [
        (#"{"pk":"user#1"}"#, true), (#" { "pk" : "a" , "sk" : -0.5e+3 } "#, true), ("{}", true), (#"{"s":""}"#, true),
        (#"{"n":1234567890123456789012345678901234567890}"#, true), (#"{"pk":"a","pk":"b"}"#, true),
        (#"{"pk":"café"}"#, false), (#"{"pk":"café"}"#, false), (#"{"b":true}"#, false), (#"{"l":[1]}"#, false),
        (#"{"m":{"k":"v"}}"#, false), (#"{"n":01}"#, false), (#"{"n":1.}"#, false), (#"{"n":-}"#, false), (#"{"n":1e}"#, false),
        (#"{"pk":"a",}"#, false), (#"{"pk":"a"} x"#, false), (#"["pk"]"#, false), ("", false), (#"{"pk":"a""#, false),
        (#"{pk:"a"}"#, false), ("{\"t\":\"a\tb\"}", false), (#""pk""#, false),
    ])
    func isFlat(text: String, flat: Bool) {
        #expect(KVFlatItem.isFlat(text) == flat, "\(text)")
        // A flat text is one the full check accepts as an object (duplicates are not its concern either).
        if flat { #expect(throws: Never.self) { try JSONValue.check(text, what: "item", object: true) } }
    }

    @Test("a number out of range is refused with the full path's error, once the whole text has been read")
    func numberErrors() throws {
        let tooLong = #"{"n":1234567890123456789012345678901234567890}"#
        let expected = #expect(throws: CloudError.self) { try full(tooLong).get() }
        let actual = #expect(throws: CloudError.self) { try KVJSON.item(tooLong) }
        #expect(actual?.message == expected?.message)
        // The syntax error after it is the one reported, as the full parser reports it.
        let broken = #"{"n":1234567890123456789012345678901234567890,}"#
        #expect(try fast(broken) == nil)
    }
}
