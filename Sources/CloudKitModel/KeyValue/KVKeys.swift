/// Checks shared by every provider, so the same input fails the same way.
public enum KVKeys {
    /// A table name: 3–255 characters of `[A-Za-z0-9_.-]` (DynamoDB's rule).
    public static func validateTable(_ name: String) throws(CloudError) {
        guard (3...255).contains(name.utf8.count),
              name.utf8.allSatisfy({ isAlphanumeric($0) || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ".") })
        else { throw .invalidArgument("table name '\(name)' must be 3-255 characters of letters, digits, '_', '-' and '.'") }
    }

    /// An attribute name: 1–255 bytes.
    public static func validateAttributeName(_ name: String, _ role: String) throws(CloudError) {
        guard (1...255).contains(name.utf8.count) else { throw .invalidArgument("\(role) name must be 1-255 bytes") }
    }

    /// A key attribute's value must be a string, a number or binary; strings and binary not empty.
    public static func validateKeyValue(_ value: AttributeValue, _ name: String) throws(CloudError) {
        switch value {
        case .string(let text) where !text.isEmpty: return
        case .binary(let data) where !data.isEmpty: return
        case .number: return
        case .string, .binary: throw .invalidArgument("key attribute '\(name)' cannot be empty")
        default: throw .invalidArgument("key attribute '\(name)' must be a string, a number or binary, not \(value.typeName)")
        }
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }
}
