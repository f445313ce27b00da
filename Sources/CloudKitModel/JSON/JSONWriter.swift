/// Writes `JSONValue`s as compact JSON with sorted object keys.
///
/// The text is built as UTF-8 bytes and made a `String` once, and a string's
/// bytes are copied in runs between the few that need escaping, rather than
/// appended to a `String` one Unicode scalar at a time.
enum JSONWriter {
    static func text(of value: JSONValue) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(64)
        write(value, into: &output)
        return String(decoding: output, as: UTF8.self)
    }

    private static func write(_ value: JSONValue, into output: inout [UInt8]) {
        switch value {
        case .string(let text): writeString(text, into: &output)
        case .number(let text): output.append(contentsOf: text.utf8)
        case .bool(let flag): output.append(contentsOf: (flag ? "true" : "false").utf8)
        case .null: output.append(contentsOf: "null".utf8)
        case .array(let elements):
            output.append(UInt8(ascii: "["))
            for (position, element) in elements.enumerated() {
                if position > 0 { output.append(UInt8(ascii: ",")) }
                write(element, into: &output)
            }
            output.append(UInt8(ascii: "]"))
        case .object(let members):
            output.append(UInt8(ascii: "{"))
            for (position, key) in members.keys.sorted().enumerated() {
                if position > 0 { output.append(UInt8(ascii: ",")) }
                writeString(key, into: &output)
                output.append(UInt8(ascii: ":"))
                if let member = members[key] { write(member, into: &output) }
            }
            output.append(UInt8(ascii: "}"))
        }
    }

    /// Escapes quotes, backslashes and control characters; everything else stays UTF-8.
    static func writeString(_ text: String, into output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { bytes in
            var runStart = 0
            for (offset, byte) in bytes.enumerated() {
                let escaped: [UInt8]
                switch byte {
                case UInt8(ascii: "\""): escaped = Array(#"\""#.utf8)
                case UInt8(ascii: "\\"): escaped = Array(#"\\"#.utf8)
                case UInt8(ascii: "\n"): escaped = Array(#"\n"#.utf8)
                case UInt8(ascii: "\r"): escaped = Array(#"\r"#.utf8)
                case UInt8(ascii: "\t"): escaped = Array(#"\t"#.utf8)
                case 0..<0x20: escaped = Array(#"\u00"#.utf8) + [hexDigit(byte >> 4), hexDigit(byte & 0x0F)]
                default: continue
                }
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<offset]))
                output.append(contentsOf: escaped)
                runStart = offset + 1
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...]))
        }
        output.append(UInt8(ascii: "\""))
    }

    /// A lower-case hex digit, as `String(_:radix: 16)` writes it.
    private static func hexDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "a") + value - 10
    }
}
