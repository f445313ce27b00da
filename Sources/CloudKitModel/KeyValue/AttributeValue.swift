import Foundation

/// One value in a key-value item, with DynamoDB's types.
///
/// Sets are kept sorted (strings by UTF-8 bytes, numbers by value, binary
/// by bytes) and free of duplicates, so equal sets compare equal; build
/// them with `stringSet(_:)`, `numberSet(_:)` and `binarySet(_:)`.
public enum AttributeValue: Sendable, Hashable {
    case string(String)
    case number(KVNumber)
    case bool(Bool)
    case null
    case binary(Data)
    case list([AttributeValue])
    case map([String: AttributeValue])
    case strings([String])
    case numbers([KVNumber])
    case binaries([Data])

    /// A string set; empty sets and duplicates are `invalid argument`, as in DynamoDB.
    public static func stringSet(_ members: [String]) throws(CloudError) -> AttributeValue {
        .strings(try sortedUnique(members, "string set") { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) })
    }

    public static func numberSet(_ members: [KVNumber]) throws(CloudError) -> AttributeValue {
        .numbers(try sortedUnique(members, "number set", by: <))
    }

    public static func binarySet(_ members: [Data]) throws(CloudError) -> AttributeValue {
        .binaries(try sortedUnique(members, "binary set") { $0.lexicographicallyPrecedes($1) })
    }

    /// A number from its decimal text.
    public static func number(_ text: String) throws(CloudError) -> AttributeValue {
        .number(try KVNumber(text))
    }

    private static func sortedUnique<T: Equatable>(
        _ members: [T], _ what: String, by precedes: (T, T) -> Bool
    ) throws(CloudError) -> [T] {
        guard !members.isEmpty else { throw .invalidArgument("a \(what) cannot be empty") }
        let sorted = members.sorted(by: precedes)
        for index in sorted.indices.dropFirst() where sorted[index] == sorted[index - 1] {
            throw .invalidArgument("a \(what) cannot hold duplicates")
        }
        return sorted
    }

    /// DynamoDB's type letter: S, N, B, BOOL, NULL, L, M, SS, NS, BS.
    public var typeName: String {
        switch self {
        case .string: "S"
        case .number: "N"
        case .bool: "BOOL"
        case .null: "NULL"
        case .binary: "B"
        case .list: "L"
        case .map: "M"
        case .strings: "SS"
        case .numbers: "NS"
        case .binaries: "BS"
        }
    }
}

/// An item: attribute names to values. A key is an item holding only the key attributes.
public typealias KVItem = [String: AttributeValue]
