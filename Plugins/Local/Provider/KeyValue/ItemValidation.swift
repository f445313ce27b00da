import CloudKitModel

/// Checks on whole items before they are written, shared by put, update, batch and transactions.
enum ItemValidation {
    /// DynamoDB's item size limit, measured here on the item's stored JSON text.
    static let maximumItemBytes = 400 * 1_024

    /// Validates an item to store and returns its encoded key and stored text:
    /// the key attributes with the declared types, non-empty attribute names,
    /// no empty sets, and at most 400 KB.
    static func prepare(_ item: KVItem, for spec: TableSpec) throws(CloudError) -> (key: EncodedKey, text: String) {
        let key = try KeyEncoding.encode(itemKeyOf: item, of: spec)
        for (name, value) in item {
            guard !name.isEmpty else { throw .invalidArgument("an attribute name cannot be empty") }
            try validate(value, path: name)
        }
        let text = KVJSON.text(item)
        guard text.utf8.count <= maximumItemBytes else {
            throw .invalidArgument("Item size has exceeded the maximum allowed size of \(maximumItemBytes) bytes")
        }
        return (key, text)
    }

    /// Sets must not be empty, at any depth (the set builders guarantee the rest).
    static func validate(_ value: AttributeValue, path: String) throws(CloudError) {
        switch value {
        case .strings(let members) where members.isEmpty: throw emptySet(path)
        case .numbers(let members) where members.isEmpty: throw emptySet(path)
        case .binaries(let members) where members.isEmpty: throw emptySet(path)
        case .list(let elements):
            for (index, element) in elements.enumerated() { try validate(element, path: "\(path)[\(index)]") }
        case .map(let members):
            for (name, member) in members { try validate(member, path: "\(path).\(name)") }
        default:
            return
        }
    }

    private static func emptySet(_ path: String) -> CloudError {
        .invalidArgument("\(path): a set cannot be empty")
    }
}
