import CCloudKitABI
import CloudKitABI

/// Key-value requests → C structs in an arena, and C results → Swift values.
enum ABIKeyValueValues {
    static func condition(_ condition: KVCondition?, _ arena: CArena) -> UnsafePointer<ck_kv_condition>? {
        guard let condition else { return nil }
        var c = ck_kv_condition()
        c.struct_size = MemoryLayout<ck_kv_condition>.size
        switch condition {
        case .ifAbsent: c.kind = Int32(CK_KV_IF_ABSENT.rawValue)
        case .ifExists: c.kind = Int32(CK_KV_IF_EXISTS.rawValue)
        case .ifEquals(let attribute, let value):
            c.kind = Int32(CK_KV_IF_EQUALS.rawValue)
            c.attribute = arena.string(attribute)
            c.value_json = arena.string(KVJSON.text(value))
        }
        return UnsafePointer(arena.value(c))
    }

    static func item(_ item: KVItem, _ arena: CArena) -> UnsafePointer<CChar>? {
        arena.string(KVJSON.text(item))
    }

    /// The sort operator and its operands.
    static func sort(_ sort: SortKeyCondition) -> (ck_kv_sort_op, AttributeValue?, AttributeValue?) {
        switch sort {
        case .any: (CK_KV_SORT_ANY, nil, nil)
        case .equal(let value): (CK_KV_SORT_EQ, value, nil)
        case .less(let value): (CK_KV_SORT_LT, value, nil)
        case .lessOrEqual(let value): (CK_KV_SORT_LE, value, nil)
        case .greater(let value): (CK_KV_SORT_GT, value, nil)
        case .greaterOrEqual(let value): (CK_KV_SORT_GE, value, nil)
        case .between(let low, let high): (CK_KV_SORT_BETWEEN, low, high)
        case .beginsWith(let value): (CK_KV_SORT_BEGINS_WITH, value, nil)
        }
    }

    /// A limit for the C request: 0 means none; values past Int32 are refused.
    static func limit(_ limit: Int?) throws(CloudError) -> Int32 {
        guard let limit else { return 0 }
        guard limit > 0, limit <= Int(Int32.max) else { throw .invalidArgument("limit must be positive") }
        return Int32(limit)
    }

    /// Parses an item the provider returned; a malformed one is `internal`.
    static func parse(_ pointer: UnsafePointer<CChar>?) -> Result<KVItem?, CloudError> {
        guard let pointer else { return .success(nil) }
        do throws(CloudError) {
            return .success(try KVJSON.item(String(cString: pointer), what: "the provider's item"))
        } catch {
            return .failure(.internal("the provider returned a malformed item: \(error.message)"))
        }
    }

    static let itemCallback: ck_kv_item_fn = { userData, status, text in
        if let error = ABIStatus.error(status) {
            ABICompletion<KVItem?>.finish(userData, .failure(error))
        } else {
            ABICompletion<KVItem?>.finish(userData, parse(text))
        }
    }

    static let pageCallback: ck_kv_items_fn = { userData, status, texts, count, token in
        if let error = ABIStatus.error(status) {
            ABICompletion<ItemPage>.finish(userData, .failure(error))
            return
        }
        var items: [KVItem] = []
        for index in 0..<count {
            switch parse(texts?[index]) {
            case .success(let item?): items.append(item)
            case .success(nil): ABICompletion<ItemPage>.finish(userData, .failure(.internal("the provider returned a NULL item")))
                return
            case .failure(let error): ABICompletion<ItemPage>.finish(userData, .failure(error))
                return
            }
        }
        ABICompletion<ItemPage>.finish(userData, .success(ItemPage(items: items, nextPageToken: CText.string(token))))
    }
}
