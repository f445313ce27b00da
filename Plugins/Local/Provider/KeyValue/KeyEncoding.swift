import CloudKitModel

/// An item's key as stored: the encoded partition and sort key values
/// (`sort` is empty when the table has no sort key).
struct EncodedKey: Hashable {
    var partition: [UInt8]
    var sort: [UInt8]
}

/// Turns key values into bytes whose unsigned lexicographic order (SQLite's
/// `memcmp` order for BLOBs) is DynamoDB's order: strings by UTF-8 bytes,
/// numbers by value (`KVNumber.orderedBytes`), binary by unsigned bytes.
/// A table's key attribute has one type, so values of different types never meet.
enum KeyEncoding {
    /// The bytes of a key value (a string, number or binary).
    static func bytes(_ value: AttributeValue) -> [UInt8] {
        switch value {
        case .string(let text): Array(text.utf8)
        case .number(let number): number.orderedBytes
        case .binary(let data): Array(data)
        default: []
        }
    }

    /// Checks `value` is a valid value of the key attribute `attribute` and encodes it.
    static func encode(_ value: AttributeValue, as attribute: KeyAttribute) throws(CloudError) -> [UInt8] {
        guard attribute.type.matches(value) else {
            throw .invalidArgument(
                "Type mismatch for key attribute '\(attribute.name)': the table declares \(attribute.type.rawValue), the value is \(value.typeName)")
        }
        try KVKeys.validateKeyValue(value, attribute.name)
        return bytes(value)
    }

    /// Encodes a key: an item holding exactly the table's key attributes.
    static func encode(key: KVItem, of spec: TableSpec) throws(CloudError) -> EncodedKey {
        let expected = spec.sortKey == nil ? 1 : 2
        guard key.count == expected else {
            throw .invalidArgument("the provided key element does not match the schema: a key of table '\(spec.table)' holds exactly \(keyNames(spec))")
        }
        return try encode(itemKeyOf: key, of: spec)
    }

    /// Encodes a key given as JSON text when it is a flat item
    /// (`KVFlatItem.members`) holding exactly the table's key attributes,
    /// each a non-empty string or a number as the table declares: the same
    /// bytes as `encode(key:of:)` gives for `KVJSON.item(text)`. Nil for any
    /// other text (a binary key, a wrong type, a number out of range, any
    /// error), which `encode(key:of:)` then reports on the parsed key.
    static func encode(keyText text: String, of spec: TableSpec) -> EncodedKey? {
        guard let members = KVFlatItem.members(text), members.count == (spec.sortKey == nil ? 1 : 2),
            let partition = encode(members, spec.partitionKey)
        else { return nil }
        var encoded = EncodedKey(partition: partition, sort: [])
        if let sortKey = spec.sortKey {
            guard let sort = encode(members, sortKey) else { return nil }
            encoded.sort = sort
        }
        return encoded
    }

    /// The member named as `attribute`, encoded by `encode(_:as:)` (its
    /// type the attribute's, its value valid), or nil.
    private static func encode(_ members: [KVFlatItem.Member], _ attribute: KeyAttribute) -> [UInt8]? {
        guard let member = members.first(where: { $0.name == attribute.name }), let value = try? member.value() else { return nil }
        return try? encode(value, as: attribute)
    }

    /// Encodes the key of an item, which holds the key attributes among others.
    static func encode(itemKeyOf item: KVItem, of spec: TableSpec) throws(CloudError) -> EncodedKey {
        guard let partition = item[spec.partitionKey.name] else { throw missing(spec.partitionKey, spec) }
        var encoded = EncodedKey(partition: try encode(partition, as: spec.partitionKey), sort: [])
        if let sortKey = spec.sortKey {
            guard let sort = item[sortKey.name] else { throw missing(sortKey, spec) }
            encoded.sort = try encode(sort, as: sortKey)
        }
        return encoded
    }

    /// The key attributes of an item (the item must hold them).
    static func keyItem(of item: KVItem, _ spec: TableSpec) -> KVItem {
        var key: KVItem = [:]
        key[spec.partitionKey.name] = item[spec.partitionKey.name]
        if let sortKey = spec.sortKey { key[sortKey.name] = item[sortKey.name] }
        return key
    }

    /// True when `name` is one of the table's key attributes.
    static func isKeyAttribute(_ name: String, of spec: TableSpec) -> Bool {
        name == spec.partitionKey.name || name == spec.sortKey?.name
    }

    private static func missing(_ attribute: KeyAttribute, _ spec: TableSpec) -> CloudError {
        .invalidArgument("the provided key element does not match the schema: missing key attribute '\(attribute.name)' of table '\(spec.table)'")
    }

    private static func keyNames(_ spec: TableSpec) -> String {
        [spec.partitionKey, spec.sortKey].compactMap { $0.map { "'\($0.name)' (\($0.type.rawValue))" } }.joined(separator: " and ")
    }
}
