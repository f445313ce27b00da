import CloudKitModel

/// Decides whether a write's `KVCondition` holds for the item currently
/// stored under its key (nil when there is none), as DynamoDB's
/// `attribute_not_exists(pk)`, `attribute_exists(pk)` and `a = :v` do.
enum ConditionEvaluator {
    /// Refuses a malformed condition before anything is read.
    static func validate(_ condition: KVCondition?) throws(CloudError) {
        guard case .ifEquals(let attribute, let value) = condition else { return }
        guard !attribute.isEmpty else { throw .invalidArgument("a condition's attribute name cannot be empty") }
        try ItemValidation.validate(value, path: attribute)
    }

    /// True when `condition` (nil: no condition) holds for `item`.
    static func holds(_ condition: KVCondition?, on item: KVItem?) -> Bool {
        switch condition {
        case nil: true
        case .ifAbsent: item == nil
        case .ifExists: item != nil
        // KVNumber is canonical and sets are sorted, so == compares by value.
        case .ifEquals(let attribute, let value): item?[attribute] == value
        }
    }

    /// Throws `precondition failed` (`ConditionalCheckFailedException`) unless `condition` holds.
    static func require(_ condition: KVCondition?, on item: KVItem?) throws(CloudError) {
        guard holds(condition, on: item) else { throw conditionFailed }
    }

    /// The error of a single write whose condition did not hold.
    static let conditionFailed = CloudError(
        .preconditionFailed, "the condition was not met", code: "ConditionalCheckFailedException")
}
