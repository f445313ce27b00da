/// The type of a key attribute, fixed when the table is created.
public enum KeyType: String, Sendable, Hashable, CaseIterable {
    case string = "S"
    case number = "N"
    case binary = "B"

    /// Parses "S", "N" or "B" (also "string", "number", "binary").
    public init(parsing text: String) throws(CloudError) {
        switch text.lowercased() {
        case "s", "string": self = .string
        case "n", "number": self = .number
        case "b", "binary": self = .binary
        default: throw .invalidArgument("key type '\(text)' must be S, N or B")
        }
    }

    /// True when `value` has this type.
    public func matches(_ value: AttributeValue) -> Bool {
        switch (self, value) {
        case (.string, .string), (.number, .number), (.binary, .binary): true
        default: false
        }
    }
}

/// A key attribute: its name and type.
public struct KeyAttribute: Sendable, Hashable {
    public var name: String
    public var type: KeyType

    public init(_ name: String, _ type: KeyType = .string) {
        self.name = name
        self.type = type
    }
}

/// A table's key schema: a partition key and an optional sort key.
public struct TableSpec: Sendable, Hashable {
    public var table: String
    public var partitionKey: KeyAttribute
    public var sortKey: KeyAttribute?

    public init(table: String, partitionKey: KeyAttribute, sortKey: KeyAttribute? = nil) {
        self.table = table
        self.partitionKey = partitionKey
        self.sortKey = sortKey
    }
}

/// A condition a write must meet; when it does not, the write changes
/// nothing and fails with `precondition failed`.
public enum KVCondition: Sendable, Hashable {
    /// No item with the key exists.
    case ifAbsent
    /// An item with the key exists.
    case ifExists
    /// The item exists and its `attribute` equals `value`.
    case ifEquals(attribute: String, value: AttributeValue)
}

/// A sort-key condition for `query`.
public enum SortKeyCondition: Sendable, Hashable {
    case any
    case equal(AttributeValue)
    case less(AttributeValue)
    case lessOrEqual(AttributeValue)
    case greater(AttributeValue)
    case greaterOrEqual(AttributeValue)
    /// Inclusive on both ends.
    case between(AttributeValue, AttributeValue)
    /// Strings and binary only.
    case beginsWith(AttributeValue)
}

public struct PutItemRequest: Sendable, Hashable {
    public var table: String
    public var item: KVItem
    public var condition: KVCondition?

    public init(table: String, item: KVItem, condition: KVCondition? = nil) {
        self.table = table
        self.item = item
        self.condition = condition
    }
}

public struct GetItemRequest: Sendable, Hashable {
    public var table: String
    public var key: KVItem
    /// Strongly consistent read (the local provider is always consistent).
    public var consistent: Bool

    public init(table: String, key: KVItem, consistent: Bool = false) {
        self.table = table
        self.key = key
        self.consistent = consistent
    }
}

public struct DeleteItemRequest: Sendable, Hashable {
    public var table: String
    public var key: KVItem
    public var condition: KVCondition?

    public init(table: String, key: KVItem, condition: KVCondition? = nil) {
        self.table = table
        self.key = key
        self.condition = condition
    }
}

/// Changes some attributes of one item, creating the item when it is absent.
public struct UpdateItemRequest: Sendable, Hashable {
    public var table: String
    public var key: KVItem
    /// Attributes to set (not key attributes).
    public var set: KVItem
    /// Attribute names to remove.
    public var remove: [String]
    /// Number attributes to add to atomically (a missing one counts as 0).
    public var add: [String: KVNumber]
    public var condition: KVCondition?

    public init(
        table: String, key: KVItem, set: KVItem = [:], remove: [String] = [], add: [String: KVNumber] = [:],
        condition: KVCondition? = nil
    ) {
        self.table = table
        self.key = key
        self.set = set
        self.remove = remove
        self.add = add
        self.condition = condition
    }
}

public struct QueryRequest: Sendable, Hashable {
    public var table: String
    /// The partition key's value.
    public var partition: AttributeValue
    public var sort: SortKeyCondition
    /// Most items in one page; nil for the service's own page size.
    public var limit: Int?
    public var descending: Bool
    public var consistent: Bool
    /// The `nextPageToken` of the previous page.
    public var pageToken: String?

    public init(
        table: String, partition: AttributeValue, sort: SortKeyCondition = .any, limit: Int? = nil,
        descending: Bool = false, consistent: Bool = false, pageToken: String? = nil
    ) {
        self.table = table
        self.partition = partition
        self.sort = sort
        self.limit = limit
        self.descending = descending
        self.consistent = consistent
        self.pageToken = pageToken
    }
}

public struct ScanRequest: Sendable, Hashable {
    public var table: String
    public var limit: Int?
    public var pageToken: String?

    public init(table: String, limit: Int? = nil, pageToken: String? = nil) {
        self.table = table
        self.limit = limit
        self.pageToken = pageToken
    }
}

/// One page of a query or scan. A nil `nextPageToken` means there are no more pages.
public struct ItemPage: Sendable, Hashable {
    public var items: [KVItem]
    public var nextPageToken: String?

    public init(items: [KVItem], nextPageToken: String?) {
        self.items = items
        self.nextPageToken = nextPageToken
    }
}

/// One operation of an all-or-nothing transaction.
public enum TransactOperation: Sendable, Hashable {
    case put(table: String, item: KVItem, condition: KVCondition?)
    case delete(table: String, key: KVItem, condition: KVCondition?)
    /// Writes nothing; the transaction fails unless the condition holds.
    case check(table: String, key: KVItem, condition: KVCondition)

    public var table: String {
        switch self {
        case .put(let table, _, _), .delete(let table, _, _), .check(let table, _, _): table
        }
    }
}
