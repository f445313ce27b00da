import Foundation

/// Writes items and values in the JSON form `KVJSON` documents, straight
/// into UTF-8 bytes: compact, object members sorted by name (so one item
/// always has one text, which the local provider stores and compares).
///
/// This is the one writer of that form. It goes from `AttributeValue` to
/// bytes without a `JSONValue` tree in between: building the tree (a
/// dictionary per object) was most of the cost of writing a key-value
/// request's key.
enum KVJSONWriter {
    static func write(_ item: KVItem, into output: inout [UInt8]) {
        output.append(UInt8(ascii: "{"))
        // A key's one or two members are put in order without an array to sort.
        var members = item.makeIterator()
        switch (members.next(), members.next(), members.next()) {
        case (nil, _, _):
            break
        case (let only?, nil, _):
            writeMember(only.key, only.value, into: &output)
        case (let first?, let second?, nil):
            let (low, high) = second.key < first.key ? (second, first) : (first, second)
            writeMember(low.key, low.value, into: &output)
            output.append(UInt8(ascii: ","))
            writeMember(high.key, high.value, into: &output)
        default:
            for (position, member) in item.sorted(by: { $0.key < $1.key }).enumerated() {
                if position > 0 { output.append(UInt8(ascii: ",")) }
                writeMember(member.key, member.value, into: &output)
            }
        }
        output.append(UInt8(ascii: "}"))
    }

    static func write(_ value: AttributeValue, into output: inout [UInt8]) {
        switch value {
        case .string(let text): JSONWriter.writeString(text, into: &output)
        case .number(let number): output.append(contentsOf: number.text.utf8)
        case .bool(let flag): output.append(contentsOf: (flag ? "true" : "false").utf8)
        case .null: output.append(contentsOf: "null".utf8)
        case .binary(let data): tagged("$b64", into: &output) { JSONWriter.writeString(data.base64EncodedString(), into: &$0) }
        case .list(let list): writeArray(list, into: &output) { write($0, into: &$1) }
        case .map(let map):
            // A map whose only member is a reserved name is wrapped, so it reads back as a map.
            if map.count == 1, let name = map.keys.first, KVJSON.reserved.contains(name) {
                tagged("$m", into: &output) { write(map, into: &$0) }
            } else {
                write(map, into: &output)
            }
        case .strings(let members): tagged("$ss", into: &output) { writeArray(members, into: &$0) { JSONWriter.writeString($0, into: &$1) } }
        case .numbers(let members): tagged("$ns", into: &output) { writeArray(members, into: &$0) { $1.append(contentsOf: $0.text.utf8) } }
        case .binaries(let members):
            tagged("$bs", into: &output) { writeArray(members, into: &$0) { JSONWriter.writeString($0.base64EncodedString(), into: &$1) } }
        }
    }

    private static func writeMember(_ name: String, _ value: AttributeValue, into output: inout [UInt8]) {
        JSONWriter.writeString(name, into: &output)
        output.append(UInt8(ascii: ":"))
        write(value, into: &output)
    }

    /// `{"<tag>":<what body writes>}`.
    private static func tagged(_ tag: String, into output: inout [UInt8], _ body: (inout [UInt8]) -> Void) {
        output.append(UInt8(ascii: "{"))
        JSONWriter.writeString(tag, into: &output)
        output.append(UInt8(ascii: ":"))
        body(&output)
        output.append(UInt8(ascii: "}"))
    }

    private static func writeArray<Element>(_ elements: [Element], into output: inout [UInt8], _ writeElement: (Element, inout [UInt8]) -> Void) {
        output.append(UInt8(ascii: "["))
        for (position, element) in elements.enumerated() {
            if position > 0 { output.append(UInt8(ascii: ",")) }
            writeElement(element, &output)
        }
        output.append(UInt8(ascii: "]"))
    }
}
