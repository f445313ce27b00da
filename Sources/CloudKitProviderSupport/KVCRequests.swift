import CCloudKitABI
import CloudKitModel

/// C key-value requests → Swift requests, parsing their JSON texts.
enum KVCRequests {
    static func item(_ pointer: UnsafePointer<CChar>?, _ field: String) throws(CloudError) -> KVItem {
        try KVJSON.item(try CInput.string(pointer, field), what: field)
    }

    static func value(_ pointer: UnsafePointer<CChar>?, _ field: String) throws(CloudError) -> AttributeValue {
        try KVJSON.value(try CInput.string(pointer, field), what: field)
    }

    static func limit(_ value: Int32, _ field: String) throws(CloudError) -> Int? {
        guard value != 0 else { return nil }
        guard value > 0 else { throw .invalidArgument("\(field) must not be negative") }
        return Int(value)
    }

    static func condition(_ pointer: UnsafePointer<ck_kv_condition>?) throws(CloudError) -> KVCondition? {
        guard let pointer else { return nil }
        let c = try CInput.request(pointer, minimumSize: MemoryLayout<ck_kv_condition>.size, "condition")
        switch c.kind {
        case Int32(CK_KV_ALWAYS.rawValue): return nil
        case Int32(CK_KV_IF_ABSENT.rawValue): return .ifAbsent
        case Int32(CK_KV_IF_EXISTS.rawValue): return .ifExists
        case Int32(CK_KV_IF_EQUALS.rawValue):
            return .ifEquals(attribute: try CInput.string(c.attribute, "condition.attribute"),
                             value: try value(c.value_json, "condition.value_json"))
        default: throw .invalidArgument("condition.kind \(c.kind) is not a ck_kv_condition_kind")
        }
    }

    static func tableSpec(_ pointer: UnsafePointer<ck_kv_table_spec>?) throws(CloudError) -> TableSpec {
        let c = try CInput.request(pointer, minimumSize: MemoryLayout<ck_kv_table_spec>.size, "spec")
        let partitionType = try CInput.optionalString(c.partition_key_type, "spec.partition_key_type").map { (text) throws(CloudError) in try KeyType(parsing: text) }
        let sortType = try CInput.optionalString(c.sort_key_type, "spec.sort_key_type").map { (text) throws(CloudError) in try KeyType(parsing: text) }
        let sortName = try CInput.optionalString(c.sort_key, "spec.sort_key")
        return TableSpec(
            table: try CInput.string(c.table, "spec.table"),
            partitionKey: KeyAttribute(try CInput.string(c.partition_key, "spec.partition_key"), partitionType ?? .string),
            sortKey: sortName.map { KeyAttribute($0, sortType ?? .string) })
    }

    static func put(_ pointer: UnsafePointer<ck_kv_write_request>?) throws(CloudError) -> PutItemRequest {
        let c = try CInput.request(pointer, minimumSize: MemoryLayout<ck_kv_write_request>.size, "request")
        return PutItemRequest(table: try CInput.string(c.table, "table"), item: try item(c.item_json, "item_json"),
                              condition: try condition(c.condition))
    }

    static func delete(_ pointer: UnsafePointer<ck_kv_write_request>?) throws(CloudError) -> DeleteItemRequest {
        let c = try CInput.request(pointer, minimumSize: MemoryLayout<ck_kv_write_request>.size, "request")
        return DeleteItemRequest(table: try CInput.string(c.table, "table"), key: try item(c.item_json, "item_json"),
                                 condition: try condition(c.condition))
    }

    static func get(_ pointer: UnsafePointer<ck_kv_get_request>?) throws(CloudError) -> GetItemRequest {
        let c = try CInput.request(pointer, minimumSize: MemoryLayout<ck_kv_get_request>.size, "request")
        return GetItemRequest(table: try CInput.string(c.table, "table"), key: try item(c.key_json, "key_json"),
                              consistent: c.consistent != 0)
    }

    static func update(_ pointer: UnsafePointer<ck_kv_update_request>?) throws(CloudError) -> UpdateItemRequest {
        let c = try CInput.request(pointer, minimumSize: MemoryLayout<ck_kv_update_request>.size, "request")
        var remove: [String] = []
        if c.remove_count > 0 {
            guard let names = c.remove else { throw .invalidArgument("remove is NULL but remove_count is \(c.remove_count)") }
            for index in 0..<c.remove_count { remove.append(try CInput.string(names[index], "remove[\(index)]")) }
        }
        var add: [String: KVNumber] = [:]
        if c.add_json != nil {
            for (name, value) in try item(c.add_json, "add_json") {
                guard case .number(let number) = value else { throw .invalidArgument("add_json.\(name) must be a number") }
                add[name] = number
            }
        }
        return UpdateItemRequest(
            table: try CInput.string(c.table, "table"), key: try item(c.key_json, "key_json"),
            set: c.set_json == nil ? [:] : try item(c.set_json, "set_json"), remove: remove, add: add,
            condition: try condition(c.condition))
    }

    static func query(_ pointer: UnsafePointer<ck_kv_query_request>?) throws(CloudError) -> QueryRequest {
        let c = try CInput.request(pointer, minimumSize: MemoryLayout<ck_kv_query_request>.size, "request")
        let sort: SortKeyCondition
        switch c.sort_op {
        case Int32(CK_KV_SORT_ANY.rawValue): sort = .any
        case Int32(CK_KV_SORT_EQ.rawValue): sort = .equal(try value(c.sort_json, "sort_json"))
        case Int32(CK_KV_SORT_LT.rawValue): sort = .less(try value(c.sort_json, "sort_json"))
        case Int32(CK_KV_SORT_LE.rawValue): sort = .lessOrEqual(try value(c.sort_json, "sort_json"))
        case Int32(CK_KV_SORT_GT.rawValue): sort = .greater(try value(c.sort_json, "sort_json"))
        case Int32(CK_KV_SORT_GE.rawValue): sort = .greaterOrEqual(try value(c.sort_json, "sort_json"))
        case Int32(CK_KV_SORT_BETWEEN.rawValue):
            sort = .between(try value(c.sort_json, "sort_json"), try value(c.sort_json2, "sort_json2"))
        case Int32(CK_KV_SORT_BEGINS_WITH.rawValue): sort = .beginsWith(try value(c.sort_json, "sort_json"))
        default: throw .invalidArgument("sort_op \(c.sort_op) is not a ck_kv_sort_op")
        }
        return QueryRequest(
            table: try CInput.string(c.table, "table"), partition: try value(c.partition_json, "partition_json"), sort: sort,
            limit: try limit(c.limit, "limit"), descending: c.descending != 0, consistent: c.consistent != 0,
            pageToken: try CInput.optionalString(c.page_token, "page_token"))
    }

    static func scan(_ pointer: UnsafePointer<ck_kv_scan_request>?) throws(CloudError) -> ScanRequest {
        let c = try CInput.request(pointer, minimumSize: MemoryLayout<ck_kv_scan_request>.size, "request")
        return ScanRequest(table: try CInput.string(c.table, "table"), limit: try limit(c.limit, "limit"),
                           pageToken: try CInput.optionalString(c.page_token, "page_token"))
    }

    static func batch(_ pointer: UnsafePointer<ck_kv_batch_request>?) throws(CloudError) -> (String, [KVItem]) {
        let c = try CInput.request(pointer, minimumSize: MemoryLayout<ck_kv_batch_request>.size, "request")
        var items: [KVItem] = []
        if c.count > 0 {
            guard let texts = c.items_json else { throw .invalidArgument("items_json is NULL but count is \(c.count)") }
            for index in 0..<c.count { items.append(try item(texts[index], "items_json[\(index)]")) }
        }
        return (try CInput.string(c.table, "table"), items)
    }

    static func transact(_ ops: UnsafePointer<UnsafePointer<ck_kv_transact_op>?>?, _ count: Int) throws(CloudError) -> [TransactOperation] {
        guard count > 0 else { return [] }
        guard let ops else { throw .invalidArgument("ops is NULL but count is \(count)") }
        var result: [TransactOperation] = []
        for index in 0..<count {
            let c = try CInput.request(ops[index], minimumSize: MemoryLayout<ck_kv_transact_op>.size, "ops[\(index)]")
            let table = try CInput.string(c.table, "ops[\(index)].table")
            let item = try item(c.item_json, "ops[\(index)].item_json")
            let condition = try condition(c.condition)
            switch c.kind {
            case Int32(CK_KV_TRANSACT_PUT.rawValue): result.append(.put(table: table, item: item, condition: condition))
            case Int32(CK_KV_TRANSACT_DELETE.rawValue): result.append(.delete(table: table, key: item, condition: condition))
            case Int32(CK_KV_TRANSACT_CHECK.rawValue):
                guard let condition else { throw .invalidArgument("ops[\(index)] is a check without a condition") }
                result.append(.check(table: table, key: item, condition: condition))
            default: throw .invalidArgument("ops[\(index)].kind \(c.kind) is not a ck_kv_transact_kind")
            }
        }
        return result
    }
}
