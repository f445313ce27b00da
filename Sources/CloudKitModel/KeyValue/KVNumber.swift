/// A DynamoDB-style decimal number: up to 38 significant digits, magnitude
/// between 1e-130 and 1e126 (exclusive), or zero. Kept as digits and an
/// exponent, never as a binary floating-point value, so it round-trips exactly.
///
/// Equal numbers written differently ("1.50", "15e-1") compare equal and
/// have the same `text` ("1.5"), the form DynamoDB itself returns.
public struct KVNumber: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// True for values below zero (never for zero).
    public let isNegative: Bool
    /// Significant digits, most significant first, no leading or trailing zeros; empty for zero.
    let coefficient: [UInt8]
    /// value = coefficient × 10^exponent
    let exponent: Int

    /// The most significant digits DynamoDB keeps.
    public static let maximumDigits = 38

    /// Parses decimal text (`-12.5`, `1e10`, `+3`, `.5`). Anything else, more
    /// than 38 significant digits, or a magnitude out of range is `invalid argument`.
    public init(_ text: String) throws(CloudError) {
        let bytes = Array(text.utf8)
        var index = 0
        var negative = false
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
            negative = bytes[index] == UInt8(ascii: "-")
            index += 1
        }
        var digits: [UInt8] = []
        var fractionDigits = 0
        var sawDigit = false
        var sawPoint = false
        while index < bytes.count {
            let byte = bytes[index]
            if byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
                digits.append(byte - UInt8(ascii: "0"))
                if sawPoint { fractionDigits += 1 }
                sawDigit = true
            } else if byte == UInt8(ascii: "."), !sawPoint {
                sawPoint = true
            } else {
                break
            }
            index += 1
        }
        guard sawDigit else { throw .invalidArgument("'\(text)' is not a number") }
        var exponent = -fractionDigits
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            var exponentNegative = false
            if index < bytes.count, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
                exponentNegative = bytes[index] == UInt8(ascii: "-")
                index += 1
            }
            var value = 0
            var sawExponentDigit = false
            while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
                value = min(value * 10 + Int(bytes[index] - UInt8(ascii: "0")), 100_000)
                sawExponentDigit = true
                index += 1
            }
            guard sawExponentDigit else { throw .invalidArgument("'\(text)' is not a number") }
            exponent += exponentNegative ? -value : value
        }
        guard index == bytes.count else { throw .invalidArgument("'\(text)' is not a number") }
        try self.init(negative: negative, digits: digits, exponent: exponent, source: text)
    }

    /// Builds from raw digits (leading/trailing zeros allowed), checking precision and range.
    init(negative: Bool, digits: [UInt8], exponent: Int, source: String? = nil) throws(CloudError) {
        var first = 0
        while first < digits.count, digits[first] == 0 { first += 1 }
        var last = digits.count
        var exponent = exponent
        while last > first, digits[last - 1] == 0 {
            last -= 1
            exponent += 1
        }
        let significant = Array(digits[first..<last])
        let label = source.map { "'\($0)'" } ?? "the result"
        if significant.isEmpty {
            isNegative = false
            coefficient = []
            self.exponent = 0
            return
        }
        guard significant.count <= Self.maximumDigits else {
            throw .invalidArgument("\(label) has \(significant.count) significant digits; at most \(Self.maximumDigits) are kept")
        }
        let adjusted = exponent + significant.count - 1
        guard adjusted <= 125 else { throw .invalidArgument("\(label) is too large (the limit is below 1e126)") }
        guard adjusted >= -130 else { throw .invalidArgument("\(label) is too small (the limit is 1e-130)") }
        isNegative = negative
        coefficient = significant
        self.exponent = exponent
    }

    /// Plain decimal text without an exponent: "-0.0012", "100", "1.5".
    public var text: String {
        if coefficient.isEmpty { return "0" }
        let digits = String(decoding: coefficient.map { $0 + UInt8(ascii: "0") }, as: UTF8.self)
        let sign = isNegative ? "-" : ""
        if exponent >= 0 { return sign + digits + String(repeating: "0", count: exponent) }
        let point = coefficient.count + exponent
        if point > 0 {
            let split = digits.index(digits.startIndex, offsetBy: point)
            return sign + digits[..<split] + "." + digits[split...]
        }
        return sign + "0." + String(repeating: "0", count: -point) + digits
    }

    public var description: String { text }

    public static func < (lhs: KVNumber, rhs: KVNumber) -> Bool {
        if lhs.isNegative != rhs.isNegative { return lhs.isNegative }
        let order = compareMagnitude(lhs, rhs)
        return lhs.isNegative ? order > 0 : order < 0
    }

    /// -1, 0 or 1 comparing |lhs| and |rhs|.
    static func compareMagnitude(_ lhs: KVNumber, _ rhs: KVNumber) -> Int {
        if lhs.coefficient.isEmpty || rhs.coefficient.isEmpty {
            return (lhs.coefficient.isEmpty ? 0 : 1) - (rhs.coefficient.isEmpty ? 0 : 1)
        }
        let lhsAdjusted = lhs.exponent + lhs.coefficient.count - 1
        let rhsAdjusted = rhs.exponent + rhs.coefficient.count - 1
        if lhsAdjusted != rhsAdjusted { return lhsAdjusted < rhsAdjusted ? -1 : 1 }
        for position in 0..<max(lhs.coefficient.count, rhs.coefficient.count) {
            let left = position < lhs.coefficient.count ? lhs.coefficient[position] : 0
            let right = position < rhs.coefficient.count ? rhs.coefficient[position] : 0
            if left != right { return left < right ? -1 : 1 }
        }
        return 0
    }

    /// The exact sum; a result needing more than 38 digits or out of range is `invalid argument`.
    public static func + (lhs: KVNumber, rhs: KVNumber) throws(CloudError) -> KVNumber {
        if lhs.coefficient.isEmpty { return rhs }
        if rhs.coefficient.isEmpty { return lhs }
        let exponent = min(lhs.exponent, rhs.exponent)
        let left = lhs.coefficient + Array(repeating: 0, count: lhs.exponent - exponent)
        let right = rhs.coefficient + Array(repeating: 0, count: rhs.exponent - exponent)
        if lhs.isNegative == rhs.isNegative {
            return try KVNumber(negative: lhs.isNegative, digits: addDigits(left, right), exponent: exponent)
        }
        let order = compareDigits(left, right)
        if order == 0 { return try KVNumber("0") }
        let (larger, smaller, negative) = order > 0 ? (left, right, lhs.isNegative) : (right, left, rhs.isNegative)
        return try KVNumber(negative: negative, digits: subtractDigits(larger, smaller), exponent: exponent)
    }

    private static func compareDigits(_ lhs: [UInt8], _ rhs: [UInt8]) -> Int {
        if lhs.count != rhs.count { return lhs.count < rhs.count ? -1 : 1 }
        for (left, right) in zip(lhs, rhs) where left != right { return left < right ? -1 : 1 }
        return 0
    }

    private static func addDigits(_ lhs: [UInt8], _ rhs: [UInt8]) -> [UInt8] {
        var result: [UInt8] = []
        var carry: UInt8 = 0
        var left = lhs.count - 1
        var right = rhs.count - 1
        while left >= 0 || right >= 0 || carry > 0 {
            let sum = (left >= 0 ? lhs[left] : 0) + (right >= 0 ? rhs[right] : 0) + carry
            result.append(sum % 10)
            carry = sum / 10
            left -= 1
            right -= 1
        }
        return result.reversed()
    }

    /// `larger - smaller`, both magnitudes, `larger` ≥ `smaller`.
    private static func subtractDigits(_ larger: [UInt8], _ smaller: [UInt8]) -> [UInt8] {
        var result: [UInt8] = []
        var borrow = 0
        var right = smaller.count - 1
        for left in stride(from: larger.count - 1, through: 0, by: -1) {
            var difference = Int(larger[left]) - borrow - (right >= 0 ? Int(smaller[right]) : 0)
            borrow = difference < 0 ? 1 : 0
            if difference < 0 { difference += 10 }
            result.append(UInt8(difference))
            right -= 1
        }
        return result.reversed()
    }

    /// Bytes whose unsigned lexicographic order (memcmp) is the numbers' order,
    /// for storing number keys in an ordered index.
    public var orderedBytes: [UInt8] {
        if coefficient.isEmpty { return [0x02] }
        let adjusted = UInt16(exponent + coefficient.count - 1 + 1_000)
        if !isNegative {
            return [0x03, UInt8(adjusted >> 8), UInt8(adjusted & 0xFF)] + coefficient
        }
        // Negative: larger magnitudes sort first, so invert everything; the
        // terminator (above every inverted digit) makes a shorter digit run
        // (a smaller magnitude) sort after its longer extensions.
        let inverted = ~adjusted
        return [0x01, UInt8(inverted >> 8), UInt8(inverted & 0xFF)] + coefficient.map { 9 - $0 } + [10]
    }
}
