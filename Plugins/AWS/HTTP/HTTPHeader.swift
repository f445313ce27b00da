/// One HTTP header field as sent or received. Names compare case-insensitively
/// through `HTTPHeaders` helpers; order is kept as given.
public struct HTTPHeader: Sendable, Hashable {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }

    /// Whether the name is `name`, ignoring ASCII case (field names are
    /// ASCII tokens), without making lower-cased copies: every reply's
    /// headers are searched several times.
    public func isNamed(_ name: String) -> Bool {
        self.name.utf8.count == name.utf8.count && self.name.utf8.elementsEqual(name.utf8) { Self.lower($0) == Self.lower($1) }
    }

    /// Whether the name begins with `prefix`, ignoring ASCII case.
    public func nameHasPrefix(_ prefix: String) -> Bool {
        name.utf8.count >= prefix.utf8.count && name.utf8.prefix(prefix.utf8.count).elementsEqual(prefix.utf8) { Self.lower($0) == Self.lower($1) }
    }

    static func lower(_ byte: UInt8) -> UInt8 {
        byte &- UInt8(ascii: "A") < 26 ? byte | 0x20 : byte
    }
}

extension Array where Element == HTTPHeader {
    /// The first value of the header `name` (case-insensitive), or nil.
    public func first(named name: String) -> String? {
        first { $0.isNamed(name) }?.value
    }

    /// The first value of the header `name` as a whole number (spaces and
    /// tabs around it allowed), or nil when absent or not one.
    public func integer(named name: String) -> Int64? {
        guard let value = first(named: name) else { return nil }
        let digits = value.utf8.drop { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
        let end = digits.lastIndex { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") }
        return end.flatMap { Int64(Substring(digits[...$0])) }
    }
}
