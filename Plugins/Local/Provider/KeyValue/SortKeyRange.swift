import CloudKitModel

/// A query's `SortKeyCondition` as SQL comparisons on the encoded `sk`
/// column. Because the encoding preserves DynamoDB's order, every
/// condition is a byte range; `beginsWith` is the range from the prefix up
/// to (not including) the next prefix of the same length.
struct SortKeyRange {
    /// `sk <op> ?` comparisons, all of which must hold.
    private(set) var comparisons: [(operator: String, bytes: [UInt8])] = []

    /// The range of `condition` on `spec`'s sort key; `invalid argument`
    /// when it does not fit the table (see `QueryRequest`).
    init(_ condition: SortKeyCondition, spec: TableSpec) throws(CloudError) {
        if case .any = condition { return }
        guard let sortKey = spec.sortKey else {
            throw .invalidArgument("table '\(spec.table)' has no sort key, so a query cannot have a sort key condition")
        }
        func operand(_ value: AttributeValue) throws(CloudError) -> [UInt8] {
            try KeyEncoding.encode(value, as: sortKey)
        }
        switch condition {
        case .any: return
        case .equal(let value): comparisons = [("=", try operand(value))]
        case .less(let value): comparisons = [("<", try operand(value))]
        case .lessOrEqual(let value): comparisons = [("<=", try operand(value))]
        case .greater(let value): comparisons = [(">", try operand(value))]
        case .greaterOrEqual(let value): comparisons = [(">=", try operand(value))]
        case .between(let low, let high):
            let lower = try operand(low)
            let upper = try operand(high)
            guard !upper.lexicographicallyPrecedes(lower) else {
                throw .invalidArgument("Invalid KeyConditionExpression: the BETWEEN operator requires the upper bound to be greater than or equal to the lower bound")
            }
            comparisons = [(">=", lower), ("<=", upper)]
        case .beginsWith(let value):
            guard sortKey.type != .number else {
                throw .invalidArgument("Invalid KeyConditionExpression: begins_with needs a string or binary sort key; '\(sortKey.name)' is a number")
            }
            let prefix = try operand(value)
            comparisons = [(">=", prefix)]
            if let end = Self.successor(of: prefix) { comparisons.append(("<", end)) }
        }
    }

    /// Narrows the range to keys strictly after `sort` in the query's direction (resuming from a page token).
    mutating func resume(after sort: [UInt8], descending: Bool) {
        comparisons.append((descending ? "<" : ">", sort))
    }

    /// The SQL text (`AND sk >= ? AND sk < ?`) and its values.
    var sql: (text: String, values: [SQLiteValue]) {
        (comparisons.map { " AND sk \($0.operator) ?" }.joined(), comparisons.map { .blob($0.bytes) })
    }

    /// The smallest byte string greater than every string starting with `prefix`, or nil when there is none (all 0xFF).
    static func successor(of prefix: [UInt8]) -> [UInt8]? {
        var bytes = prefix
        while let last = bytes.last {
            if last < 0xFF {
                bytes[bytes.count - 1] = last + 1
                return bytes
            }
            bytes.removeLast()
        }
        return nil
    }
}
