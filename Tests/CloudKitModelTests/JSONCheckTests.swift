import CloudKitModel
import Testing

/// `JSONValue.check`: the parser's grammar walked without building, for
/// texts handed on as they are (stored items).
@Suite("JSONValue.check")
struct JSONCheckTests {
    static let valid = [
        #"{}"#, #" {"a":1} "#, #"[1,2.5e-3,-0,"x",true,false,null,{"b":[]}]"#, #""a\"b\\c\u00e9\ud83d\ude00\u0001""#,
        #"{"pk":"p","sk":"000123","body":"hé","n":{"$ns":[1,2]}}"#, "12", "\"\u{1F600}\"",
    ]
    static let invalid = [
        "", "{", #"{"a":}"#, #"{"a" 1}"#, "[1,]", "01", "1.", "-", #""\x""#, #""\ud83d""#, "tru", "{} x", "\"\u{01}\"",
        #"{"a":1,}"#, String(repeating: "[", count: 300) + String(repeating: "]", count: 300),
    ]

    @Test("what parse accepts, check accepts; what parse refuses for its grammar, check refuses")
    func agreesWithParse() throws {
        for text in Self.valid {
            #expect(throws: Never.self, "\(text)") { try JSONValue.check(text) }
            _ = try JSONValue.parse(text)
        }
        for text in Self.invalid {
            #expect(throws: CloudError.self, "\(text)") { try JSONValue.check(text) }
            #expect(throws: CloudError.self, "\(text)") { try JSONValue.parse(text) }
        }
    }

    @Test("object: the outermost value must be an object")
    func objectOnly() {
        #expect(throws: Never.self) { try JSONValue.check(#" {"a":[1]}"#, object: true) }
        #expect(throws: CloudError.self) { try JSONValue.check("[1]", object: true) }
        #expect(throws: CloudError.self) { try JSONValue.check(#""{}""#, object: true) }
    }

    @Test("a member name given twice passes the check (RFC 8259 allows it) and not the parse")
    func duplicateNames() {
        #expect(throws: Never.self) { try JSONValue.check(#"{"a":1,"a":2}"#) }
        #expect(throws: CloudError.self) { try JSONValue.parse(#"{"a":1,"a":2}"#) }
    }
}
