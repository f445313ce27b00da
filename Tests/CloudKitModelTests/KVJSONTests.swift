import CloudKitModel
import Foundation
import Testing

@Suite("KVJSON: the documented JSON form of items")
struct KVJSONTests {
    @Test("every DynamoDB type maps to its documented JSON form and back")
    func everyType() throws {
        let text = #"{"b":{"$b64":"AAEC"},"bool":true,"bs":{"$bs":["AQ==","AA=="]},"l":[1,"x",null],"m":{"inner":{"deep":2.50}},"n":12345678901234567890123456789012345678,"ns":{"$ns":[3,1.5]},"nul":null,"s":"hé\n","ss":{"$ss":["b","a"]}}"#
        let item = try KVJSON.item(text)
        #expect(item["b"] == .binary(Data([0, 1, 2])))
        #expect(item["bool"] == .bool(true))
        #expect(item["bs"] == .binaries([Data([0]), Data([1])]))
        #expect(item["l"] == .list([.number(try KVNumber("1")), .string("x"), .null]))
        #expect(item["m"] == .map(["inner": .map(["deep": .number(try KVNumber("2.5"))])]))
        #expect(item["n"] == .number(try KVNumber("12345678901234567890123456789012345678")))
        #expect(item["ns"] == .numbers([try KVNumber("1.5"), try KVNumber("3")]))
        #expect(item["nul"] == .null)
        #expect(item["s"] == .string("hé\n"))
        #expect(item["ss"] == .strings(["a", "b"]))
        let written = KVJSON.text(item)
        #expect(written == #"{"b":{"$b64":"AAEC"},"bool":true,"bs":{"$bs":["AA==","AQ=="]},"l":[1,"x",null],"m":{"inner":{"deep":2.5}},"n":12345678901234567890123456789012345678,"ns":{"$ns":[1.5,3]},"nul":null,"s":"hé\n","ss":{"$ss":["a","b"]}}"#)
        #expect(try KVJSON.item(written) == item)
    }

    @Test("a map whose only member is a reserved name round-trips through $m")
    func reservedNameMap() throws {
        let item: KVItem = ["m": .map(["$ss": .string("not a set")])]
        let text = KVJSON.text(item)
        #expect(text == #"{"m":{"$m":{"$ss":"not a set"}}}"#)
        #expect(try KVJSON.item(text) == item)
    }

    @Test("the text is the same as bytes and as a String, and reads back from either; names are escaped and sorted")
    func bytesAndText() throws {
        let cases: [(KVItem, String)] = [
            ([:], "{}"),
            (["only": .string("one")], #"{"only":"one"}"#),
            (["sk": .number(try KVNumber("7")), "pk": .string("p")], #"{"pk":"p","sk":7}"#),
            (["é": .null, "z": .bool(true)], #"{"z":true,"é":null}"#),
            (["z": .number(try KVNumber("-1.5e3")), "a\"b": .bool(false), "é": .list([]), "m": .map([:])],
             #"{"a\"b":false,"m":{},"z":-1500,"é":[]}"#),
            (["k\u{1}": .string("tab\there"), "b": .binary(Data())], #"{"b":{"$b64":""},"k\u0001":"tab\there"}"#),
        ]
        for (item, expected) in cases {
            #expect(KVJSON.text(item) == expected)
            #expect(KVJSON.utf8(item) == Array(expected.utf8))
            #expect(try KVJSON.item(expected) == item)
            let fromBytes = try KVJSON.utf8(item).withUnsafeBufferPointer { bytes in try KVJSON.item(utf8: bytes) }
            #expect(fromBytes == item)
        }
        #expect(KVJSON.text(try .stringSet(["b", "a"])) == #"{"$ss":["a","b"]}"#)
        #expect(KVJSON.utf8(.map(["$b64": .null])) == Array(#"{"$m":{"$b64":null}}"#.utf8))
    }

    @Test("bytes that are not UTF-8 or not an item are invalid arguments, naming what was read")
    func bytesRefused() {
        for bad: [UInt8] in [[0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xC3, 0x22, 0x7D], Array("[1]".utf8), Array(#"{"a":1,"a":2}"#.utf8), []] {
            let error = bad.withUnsafeBufferPointer { bytes in
                #expect(throws: CloudError.self) { try KVJSON.item(utf8: bytes, what: "the row") }
            }
            #expect(error?.kind == .invalidArgument)
            #expect(error?.message.contains("the row") == true)
        }
    }

    @Test("malformed JSON, empty sets, duplicates and bad base64 are invalid arguments")
    func refusals() {
        for bad in [#"{"a":}"#, #"{"a":1,"a":2}"#, #"[1]"#, #"{"s":{"$ss":[]}}"#, #"{"s":{"$ss":["a","a"]}}"#,
                    #"{"b":{"$b64":"%%%"}}"#, #"{"n":{"$ns":["x"]}}"#, #"{"a":"\ud800"}"#, #"{"a":1} x"#, #"{"a":01}"#,
                    #"{"n":1e999}"#] {
            #expect(throws: CloudError.self, "\(bad)") { try KVJSON.item(bad) }
        }
    }

    @Test("JSON strings keep escapes and non-BMP characters")
    func stringEscapes() throws {
        let value = try JSONValue.parse(#""a\"b\\c\u00e9\ud83d\ude00\u0001""#)
        #expect(value == .string("a\"b\\cé😀\u{01}"))
        #expect(value.text == #""a\"b\\cé😀\u0001""#)
    }

    @Test("page tokens round-trip a key and refuse garbage")
    func pageTokens() throws {
        let key: KVItem = ["pk": .string("a/b+c"), "sk": .number(try KVNumber("42"))]
        #expect(try KVPageToken.decode(KVPageToken.encode(key)) == key)
        #expect(throws: CloudError.self) { try KVPageToken.decode("not a token!") }
    }
}
