import CloudKitModel

/// DynamoDB's `UpdateItem` with `SET`, `REMOVE` and `ADD` (numbers) on one
/// item: validated against the table's key schema, then applied to the
/// stored item or, when there is none, to a new item made from the key.
struct ItemUpdate {
    let request: UpdateItemRequest
    let spec: TableSpec

    /// Refuses updates of key attributes, a name in two of set/remove/add,
    /// empty names and invalid values, before anything is read.
    func validate() throws(CloudError) {
        var seen: Set<String> = []
        let names = Array(request.set.keys) + request.remove + Array(request.add.keys)
        for name in names {
            guard !name.isEmpty else { throw .invalidArgument("an attribute name cannot be empty") }
            guard !KeyEncoding.isKeyAttribute(name, of: spec) else {
                throw .invalidArgument("Cannot update attribute '\(name)'. This attribute is part of the key")
            }
            guard seen.insert(name).inserted else {
                throw .invalidArgument("Two document paths overlap: '\(name)' appears more than once in the update")
            }
        }
        for (name, value) in request.set { try ItemValidation.validate(value, path: name) }
    }

    /// The item after the update. `current` is the stored item, or nil to start from the key.
    func apply(to current: KVItem?) throws(CloudError) -> KVItem {
        var item = current ?? request.key
        for (name, value) in request.set { item[name] = value }
        for name in request.remove { item[name] = nil }
        for (name, amount) in request.add {
            switch item[name] {
            case nil:
                item[name] = .number(amount)
            case .number(let number):
                item[name] = .number(try number + amount)
            case .some(let other):
                throw .invalidArgument(
                    "An operand in the update expression has an incorrect data type: cannot add a number to '\(name)' of type \(other.typeName)")
            }
        }
        return item
    }
}
