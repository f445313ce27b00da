/// One line of a reply's head as curl hands it to the header callback
/// (line ending included): the status line, a field, or the blank line that
/// ends the head. Read from the bytes, not with Foundation's trimming, which
/// bridged every line through `NSString`: that was a quarter of the CPU of a
/// small GET. Only ASCII white space is trimmed, as HTTP defines it.
enum HTTPHeaderLine: Equatable, Sendable {
    /// `HTTP/1.1 200 OK`: its status, 0 when it has none that can be read.
    case status(Int)
    /// `Name: value`, the value trimmed.
    case field(HTTPHeader)
    /// The blank line after the fields.
    case end
    /// A line that is none of those (no colon): ignored.
    case other

    init(_ line: UnsafeRawBufferPointer) {
        var start = 0
        var end = line.count
        while start < end, Self.isSpace(line[start]) { start += 1 }
        while end > start, Self.isSpace(line[end - 1]) { end -= 1 }
        guard start < end else {
            self = .end
            return
        }
        let text = UnsafeRawBufferPointer(rebasing: line[start..<end])
        if text.starts(with: "HTTP/".utf8) {
            self = .status(Self.statusCode(text))
            return
        }
        guard let colon = text.firstIndex(of: UInt8(ascii: ":")) else {
            self = .other
            return
        }
        var value = colon + 1
        while value < text.count, Self.isSpace(text[value]) { value += 1 }
        self = .field(HTTPHeader(
            String(decoding: UnsafeRawBufferPointer(rebasing: text[..<colon]), as: UTF8.self),
            String(decoding: UnsafeRawBufferPointer(rebasing: text[value...]), as: UTF8.self)))
    }

    /// The second space-separated word of a status line, when it is 1 to 9 digits; else 0.
    static func statusCode(_ text: UnsafeRawBufferPointer) -> Int {
        var index = 0
        while index < text.count, text[index] != UInt8(ascii: " ") { index += 1 }
        while index < text.count, text[index] == UInt8(ascii: " ") { index += 1 }
        var code = 0
        var digits = 0
        while index < text.count, text[index] != UInt8(ascii: " ") {
            let digit = text[index] &- UInt8(ascii: "0")
            guard digit < 10, digits < 9 else { return 0 }
            code = code * 10 + Int(digit)
            digits += 1
            index += 1
        }
        return digits > 0 ? code : 0
    }

    /// Space, tab, CR, LF, vertical tab and form feed.
    static func isSpace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || (9...13).contains(byte)
    }
}
