import CloudKitModel

/// Builds DynamoDB expressions with every name and value as a placeholder
/// (`#n0`, `:v0`), so attribute names never collide with reserved words.
struct DynamoDBExpression {
    private(set) var names: [String: JSONValue] = [:]
    private(set) var values: [String: JSONValue] = [:]
    private var nameIndex: [String: String] = [:]

    /// The placeholder for an attribute name.
    mutating func name(_ attribute: String) -> String {
        if let existing = nameIndex[attribute] { return existing }
        let placeholder = "#n\(nameIndex.count)"
        nameIndex[attribute] = placeholder
        names[placeholder] = .string(attribute)
        return placeholder
    }

    /// The placeholder for a value.
    mutating func value(_ value: AttributeValue) -> String {
        let placeholder = ":v\(values.count)"
        values[placeholder] = DynamoDBValues.wire(value)
        return placeholder
    }

    /// The condition expression for a write, given the table's partition key.
    mutating func condition(_ condition: KVCondition, partitionKey: String) -> String {
        switch condition {
        case .ifAbsent: "attribute_not_exists(\(name(partitionKey)))"
        case .ifExists: "attribute_exists(\(name(partitionKey)))"
        case .ifEquals(let attribute, let expected): "\(name(attribute)) = \(value(expected))"
        }
    }

    /// Adds `ExpressionAttributeNames`/`Values` to a request body when any were used.
    func apply(to body: inout [String: JSONValue]) {
        if !names.isEmpty { body["ExpressionAttributeNames"] = .object(names) }
        if !values.isEmpty { body["ExpressionAttributeValues"] = .object(values) }
    }
}
