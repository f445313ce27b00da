extension TableSpec {
    /// The key attribute names: partition, then sort when there is one.
    public var keyNames: [String] { [partitionKey.name] + (sortKey.map { [$0.name] } ?? []) }

    /// The key of `item` (its key attributes), or nil when one is missing.
    public func key(of item: KVItem) -> KVItem? {
        var key: KVItem = [:]
        for name in keyNames {
            guard let value = item[name] else { return nil }
            key[name] = value
        }
        return key
    }

    /// Checks that `key` holds exactly the key attributes, with the declared types.
    public func validateKey(_ key: KVItem, _ what: String = "key") throws(CloudError) {
        let extra = Set(key.keys).subtracting(keyNames)
        guard extra.isEmpty else {
            throw .invalidArgument("\(what) has attributes that are not part of the key of '\(table)': \(extra.sorted().joined(separator: ", "))")
        }
        try validateKeyAttributes(of: key, what)
    }

    /// Checks that `item` holds every key attribute with the declared type (other attributes are free).
    public func validateKeyAttributes(of item: KVItem, _ what: String = "item") throws(CloudError) {
        for attribute in [partitionKey] + (sortKey.map { [$0] } ?? []) {
            guard let value = item[attribute.name] else {
                throw .invalidArgument("\(what) lacks the key attribute '\(attribute.name)' of '\(table)'")
            }
            guard attribute.type.matches(value) else {
                throw .invalidArgument("\(what): key attribute '\(attribute.name)' must be of type \(attribute.type.rawValue), not \(value.typeName)")
            }
            try KVKeys.validateKeyValue(value, attribute.name)
        }
    }

    /// Refuses two items with the same key (batch writes, batch reads).
    public func checkDistinctKeys(_ items: [KVItem], _ what: String) throws(CloudError) {
        var seen = Set<KVItem>()
        for item in items {
            guard let key = key(of: item) else { throw .invalidArgument("\(what): an item lacks a key attribute of '\(table)'") }
            guard seen.insert(key).inserted else { throw .invalidArgument("\(what): the same key appears twice") }
        }
    }
}

extension UpdateItemRequest {
    /// The checks every provider makes: no key attribute is changed, and no
    /// attribute is named in more than one of set/remove/add.
    public func validate(keyNames: [String]) throws(CloudError) {
        var seen = Set<String>()
        for name in Array(set.keys) + remove + Array(add.keys) {
            try KVKeys.validateAttributeName(name, "attribute")
            guard !keyNames.contains(name) else { throw .invalidArgument("cannot update '\(name)': it is part of the key") }
            guard seen.insert(name).inserted else { throw .invalidArgument("attribute '\(name)' is named twice in one update") }
        }
    }
}
