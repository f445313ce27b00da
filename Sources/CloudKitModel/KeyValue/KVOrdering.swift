import Foundation

/// DynamoDB's order for key values: strings by UTF-8 bytes, numbers by
/// value, binary by unsigned bytes. Values of different types are unordered.
public enum KVOrdering {
    /// True when `lhs` sorts before `rhs` (both of one key type).
    public static func less(_ lhs: AttributeValue, _ rhs: AttributeValue) -> Bool {
        switch (lhs, rhs) {
        case (.string(let left), .string(let right)): Array(left.utf8).lexicographicallyPrecedes(Array(right.utf8))
        case (.number(let left), .number(let right)): left < right
        case (.binary(let left), .binary(let right)): left.lexicographicallyPrecedes(right)
        default: false
        }
    }
}
