/// A strict RFC 8259 parser over UTF-8 bytes that keeps number lexemes.
/// With `building` false it only checks: the same grammar, walked without
/// making arrays, dictionaries or strings (but for escaped characters), and
/// so without noticing a member name given twice, which RFC 8259 allows and
/// the parse refuses.
///
/// Hand-written because Foundation's `JSONSerialization` turns numbers into
/// `Double`/`NSNumber` (losing digits past 15–17) and has no way to hand
/// back the original text; DynamoDB numbers carry 38 significant digits.
struct JSONParser {
    /// The text's UTF-8, borrowed for the parse.
    private let bytes: UnsafeBufferPointer<UInt8>
    private let what: String
    /// Whether values are made (`parseDocument`'s result), or the text only checked.
    private let building: Bool
    private var index = 0
    private var depth = 0
    /// Nesting deeper than this is refused rather than risking the stack.
    static let maximumDepth = 200

    init(_ bytes: UnsafeBufferPointer<UInt8>, what: String, building: Bool = true) {
        self.bytes = bytes
        self.what = what
        self.building = building
    }

    mutating func parseDocument() throws(CloudError) -> JSONValue {
        skipWhitespace()
        let value = try parseValue()
        skipWhitespace()
        guard index == bytes.count else { throw failure("unexpected text after the value") }
        return value
    }

    private func failure(_ reason: String) -> CloudError {
        .invalidArgument("\(what) is not valid JSON: \(reason) at byte \(index)")
    }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    private mutating func parseValue() throws(CloudError) -> JSONValue {
        guard index < bytes.count else { throw failure("unexpected end") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expectWord("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectWord("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectWord("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        default: throw failure("unexpected character")
        }
    }

    private mutating func expectWord(_ word: String) throws(CloudError) {
        for byte in word.utf8 {
            guard index < bytes.count, bytes[index] == byte else { throw failure("expected \(word)") }
            index += 1
        }
    }

    private mutating func enter() throws(CloudError) {
        depth += 1
        guard depth <= Self.maximumDepth else { throw failure("nesting deeper than \(Self.maximumDepth)") }
    }

    private mutating func parseObject() throws(CloudError) -> JSONValue {
        try enter()
        defer { depth -= 1 }
        index += 1
        var members: [String: JSONValue] = [:]
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            return .object(members)
        }
        // Room for a small object's members at once, not grown 1 → 2 → 4 (keys
        // and items are small objects). `init(minimumCapacity:)` is inlined and
        // specialized; `reserveCapacity` is not, and looks the dictionary's
        // generic metadata up in the runtime's locked cache on every call.
        if building { members = [String: JSONValue](minimumCapacity: 4) }
        while true {
            skipWhitespace()
            let name = try memberName()
            skipWhitespace()
            let value = try parseValue()
            if building {
                guard members.updateValue(value, forKey: name) == nil else { throw duplicateMember(name) }
            }
            skipWhitespace()
            guard index < bytes.count else { throw failure("unexpected end") }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            if bytes[index] == UInt8(ascii: "}") { index += 1; return building ? .object(members) : .null }
            throw failure("expected ',' or '}'")
        }
    }

    private mutating func parseArray() throws(CloudError) -> JSONValue {
        try enter()
        defer { depth -= 1 }
        index += 1
        var elements: [JSONValue] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            return .array(elements)
        }
        while true {
            skipWhitespace()
            let element = try parseValue()
            if building { elements.append(element) }
            skipWhitespace()
            guard index < bytes.count else { throw failure("unexpected end") }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            if bytes[index] == UInt8(ascii: "]") { index += 1; return building ? .array(elements) : .null }
            throw failure("expected ',' or ']'")
        }
    }

    private mutating func parseNumber() throws(CloudError) -> String {
        let start = index
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < bytes.count, isDigit(bytes[index]) else { throw failure("a number needs digits") }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
        } else {
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard index < bytes.count, isDigit(bytes[index]) else { throw failure("a fraction needs digits") }
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard index < bytes.count, isDigit(bytes[index]) else { throw failure("an exponent needs digits") }
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        return building ? String(decoding: bytes[start..<index], as: UTF8.self) : ""
    }

    private func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    private mutating func parseString() throws(CloudError) -> String {
        index += 1
        var runStart = index
        var text = ""
        let building = building
        func flushRun(_ end: Int) {
            if building { text += String(decoding: bytes[runStart..<end], as: UTF8.self) }
        }
        while true {
            guard index < bytes.count else { throw failure("unterminated string") }
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                flushRun(index)
                index += 1
                return text
            }
            if byte < 0x20 { throw failure("control character in a string") }
            if byte == UInt8(ascii: "\\") {
                flushRun(index)
                index += 1
                guard index < bytes.count else { throw failure("unterminated escape") }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""): text += "\""
                case UInt8(ascii: "\\"): text += "\\"
                case UInt8(ascii: "/"): text += "/"
                case UInt8(ascii: "b"): text += "\u{08}"
                case UInt8(ascii: "f"): text += "\u{0C}"
                case UInt8(ascii: "n"): text += "\n"
                case UInt8(ascii: "r"): text += "\r"
                case UInt8(ascii: "t"): text += "\t"
                case UInt8(ascii: "u"):
                    let unit = try hex4()
                    if (0xD800...0xDBFF).contains(unit) {
                        guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                            throw failure("unpaired surrogate")
                        }
                        index += 2
                        let low = try hex4()
                        guard (0xDC00...0xDFFF).contains(low) else { throw failure("unpaired surrogate") }
                        let value = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                        guard let scalar = Unicode.Scalar(value) else { throw failure("bad escape") }
                        text.unicodeScalars.append(scalar)
                    } else {
                        guard let scalar = Unicode.Scalar(unit) else { throw failure("unpaired surrogate") }
                        text.unicodeScalars.append(scalar)
                    }
                default: throw failure("bad escape")
                }
                runStart = index
                continue
            }
            if byte >= 0x80 {
                // Validate the UTF-8 sequence; String(decoding:) would silently repair it.
                let length = try utf8SequenceLength(at: index)
                index += length
                continue
            }
            index += 1
        }
    }

    private mutating func hex4() throws(CloudError) -> UInt32 {
        guard index + 4 <= bytes.count else { throw failure("short \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: throw failure("bad \\u escape")
            }
            value = value * 16 + digit
            index += 1
        }
        return value
    }

    private func utf8SequenceLength(at start: Int) throws(CloudError) -> Int {
        let lead = bytes[start]
        let length: Int
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0...0xEF: length = 3
        case 0xF0...0xF4: length = 4
        default: throw failure("invalid UTF-8")
        }
        guard start + length <= bytes.count else { throw failure("invalid UTF-8") }
        for offset in 1..<length where bytes[start + offset] & 0xC0 != 0x80 {
            throw failure("invalid UTF-8")
        }
        let second = bytes[start + 1]
        if lead == 0xE0 && second < 0xA0 { throw failure("invalid UTF-8") }
        if lead == 0xED && second > 0x9F { throw failure("invalid UTF-8") }
        if lead == 0xF0 && second < 0x90 { throw failure("invalid UTF-8") }
        if lead == 0xF4 && second > 0x8F { throw failure("invalid UTF-8") }
        return length
    }
}

// MARK: Stepping through an object (JSONObjectReader)

extension JSONParser {
    /// The kind of the value at the current position (after whitespace), nil at the end.
    mutating func peekKind() -> JSONObjectReader.Kind? {
        skipWhitespace()
        guard index < bytes.count else { return nil }
        switch bytes[index] {
        case UInt8(ascii: "{"): return .object
        case UInt8(ascii: "["): return .array
        case UInt8(ascii: "\""): return .string
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return .bool
        case UInt8(ascii: "n"): return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number
        default: return nil
        }
    }

    /// Consumes the `{` that opens an object.
    mutating func beginObject() throws(CloudError) {
        skipWhitespace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: "{") else { throw failure("expected an object") }
        try enter()
        index += 1
    }

    /// The next member's name, its `:` consumed; nil once the object's `}`
    /// is consumed. `first` is whether no member has been read yet.
    mutating func nextMemberName(first: Bool) throws(CloudError) -> String? {
        skipWhitespace()
        guard index < bytes.count else { throw failure("unexpected end") }
        if bytes[index] == UInt8(ascii: "}") {
            index += 1
            depth -= 1
            return nil
        }
        if !first {
            guard bytes[index] == UInt8(ascii: ",") else { throw failure("expected ',' or '}'") }
            index += 1
            skipWhitespace()
        }
        return try memberName()
    }

    /// A member's name and the `:` after it, at the current position.
    private mutating func memberName() throws(CloudError) -> String {
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw failure("expected a member name") }
        let name = try parseString()
        skipWhitespace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw failure("expected ':'") }
        index += 1
        return name
    }

    /// The error for a member name given twice in one object.
    func duplicateMember(_ name: String) -> CloudError { failure("duplicate member \"\(name)\"") }

    /// The string at the current position (the caller checked its kind).
    mutating func readString() throws(CloudError) -> String {
        skipWhitespace()
        return try parseString()
    }

    /// The number's lexeme at the current position (the caller checked its kind).
    mutating func readNumber() throws(CloudError) -> String {
        skipWhitespace()
        return try parseNumber()
    }

    /// Passes over the value at the current position, checking it as `parse` would, without building it.
    mutating func skipValue() throws(CloudError) {
        skipWhitespace()
        var checker = JSONParser(bytes, what: what, building: false)
        checker.index = index
        checker.depth = depth
        _ = try checker.parseValue()
        index = checker.index
    }

    /// The name of the text in errors.
    var whatText: String { what }

    /// Checks that nothing but whitespace follows.
    mutating func end() throws(CloudError) {
        skipWhitespace()
        guard index == bytes.count else { throw failure("unexpected text after the value") }
    }
}
