/// The fast path of `KVJSON.item` for the common flat item: a JSON object
/// whose members are plain strings (printable ASCII, no escapes) and
/// numbers, as nearly every key and many items are. It reads the text's
/// bytes straight into the item, without the `JSONValue` tree (and its
/// dictionary) in between: a key-value get spent a fifth of its time there.
///
/// It is a strict subset of the full parser. Anything else — another kind
/// of value, an escape, a byte above 0x7F, a duplicate member, any syntax
/// error — returns nil and the full parser reads the text, so what is
/// accepted, and every error, stays the full parser's. Numbers are
/// converted once the whole text has been read, by the same rule as the
/// full path (`KVJSON.number`), so a syntax error later in the text is
/// still the one reported.
public enum KVFlatItem {
    /// The item `bytes` hold, or nil when they are not a flat item of this form.
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) throws(CloudError) -> KVItem? {
        var scanner = Scanner(bytes: bytes)
        guard let members = scanner.members() else { return nil }
        var item = KVItem(minimumCapacity: members.count)
        for member in members {
            item[member.name] = try member.value()
        }
        return item
    }

    /// The members of the flat item `text` holds, as read (numbers still
    /// text), or nil when it is not a flat item of this form: for a reader
    /// that needs only a few of them as they are, such as a key's encoder.
    public static func members(_ text: String) -> [Member]? {
        var text = text
        return text.withUTF8 { bytes in
            var scanner = Scanner(bytes: bytes)
            return scanner.members()
        }
    }

    /// Whether `text` is a flat item of this form: the same walk as
    /// `members`, building nothing. True means it is a JSON object by the
    /// full grammar; false says nothing (the full parser decides). A
    /// duplicate member is not looked for, as the full parser's check
    /// (`JSONValue.check`) does not either.
    public static func isFlat(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            var scanner = Scanner(bytes: bytes)
            return scanner.scan { _, _, _ in true }
        }
    }

    /// One member as read: its name and its string's or number's text.
    public struct Member: Sendable {
        public var name: String
        public var text: String
        public var isNumber: Bool

        /// The member's value, as the full path makes it (a number out of
        /// range is that path's `invalid argument`, naming the member).
        public func value() throws(CloudError) -> AttributeValue {
            isNumber ? .number(try KVJSON.number(text, name)) : .string(text)
        }
    }

    /// Reads `{ "name": value, … }` and nothing after it but whitespace.
    struct Scanner {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0

        init(bytes: UnsafeBufferPointer<UInt8>) {
            self.bytes = bytes
        }

        /// The members, or nil when the text is not a flat item of this form.
        mutating func members() -> [Member]? {
            var members: [Member] = []
            // The bytes apart from `self`, which `scan` holds for writing.
            let bytes = bytes
            func text(_ range: Range<Int>) -> String {
                String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
            }
            let flat = scan { name, value, isNumber in
                let member = Member(name: text(name), text: text(value), isNumber: isNumber)
                // A duplicate is the full parser's error to report.
                if members.contains(where: { $0.name == member.name }) { return false }
                members.append(member)
                return true
            }
            return flat ? members : nil
        }

        /// Walks the whole text, handing each member's name and value (the
        /// bytes between the quotes of a string, or a number's bytes) to
        /// `visit`; false when the text is not a flat item of this form or
        /// `visit` returned false.
        mutating func scan(_ visit: (_ name: Range<Int>, _ value: Range<Int>, _ isNumber: Bool) -> Bool) -> Bool {
            skipWhitespace()
            guard take(UInt8(ascii: "{")) else { return false }
            skipWhitespace()
            if take(UInt8(ascii: "}")) { return atEnd() }
            while true {
                guard let name = string() else { return false }
                skipWhitespace()
                guard take(UInt8(ascii: ":")) else { return false }
                skipWhitespace()
                guard index < bytes.count else { return false }
                let isNumber = bytes[index] != UInt8(ascii: "\"")
                guard let value = isNumber ? number() : string(), visit(name, value, isNumber) else { return false }
                skipWhitespace()
                if take(UInt8(ascii: ",")) {
                    skipWhitespace()
                    continue
                }
                guard take(UInt8(ascii: "}")) else { return false }
                return atEnd()
            }
        }

        private mutating func take(_ byte: UInt8) -> Bool {
            guard index < bytes.count, bytes[index] == byte else { return false }
            index += 1
            return true
        }

        private mutating func skipWhitespace() {
            while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x09 || bytes[index] == 0x0A || bytes[index] == 0x0D { index += 1 }
        }

        private mutating func atEnd() -> Bool {
            skipWhitespace()
            return index == bytes.count
        }

        /// A string of printable ASCII without escapes: the range between its quotes.
        private mutating func string() -> Range<Int>? {
            guard take(UInt8(ascii: "\"")) else { return nil }
            let start = index
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") {
                    index += 1
                    return start..<(index - 1)
                }
                guard byte >= 0x20, byte < 0x7F, byte != UInt8(ascii: "\\") else { return nil }
                index += 1
            }
            return nil
        }

        /// A number by JSON's grammar: its range.
        private mutating func number() -> Range<Int>? {
            let start = index
            _ = take(UInt8(ascii: "-"))
            if take(UInt8(ascii: "0")) {
                // A leading zero stands alone.
            } else {
                guard digits() else { return nil }
            }
            if take(UInt8(ascii: ".")) {
                guard digits() else { return nil }
            }
            if take(UInt8(ascii: "e")) || take(UInt8(ascii: "E")) {
                _ = take(UInt8(ascii: "+")) || take(UInt8(ascii: "-"))
                guard digits() else { return nil }
            }
            return start..<index
        }

        /// One or more digits.
        private mutating func digits() -> Bool {
            let start = index
            while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") { index += 1 }
            return index > start
        }
    }
}
