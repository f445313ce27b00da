import CCloudKitABI
import CloudKitABI
import CloudKitModel

/// C key-value requests → Swift requests, parsing their JSON texts.
enum KVCRequests {
    static func item(_ pointer: UnsafePointer<CChar>?, _ field: String) throws(CloudError) -> KVItem {
        try KVJSON.item(try ABIInput.string(pointer, field), what: field)
    }

    static func value(_ pointer: UnsafePointer<CChar>?, _ field: String) throws(CloudError) -> AttributeValue {
        try KVJSON.value(try ABIInput.string(pointer, field), what: field)
    }

    static func limit(_ value: Int32, _ field: String) throws(CloudError) -> Int? {
        guard value != 0 else { return nil }
        guard value > 0 else { throw .invalidArgument("\(field) must not be negative") }
        return Int(value)
    }

    static func condition(_ pointer: UnsafePointer<ck_kv_condition>?) throws(CloudError) -> KVCondition? {
        guard let pointer else { return nil }
        let c = try ABIStruct.read(pointer, "condition")
        switch c.kind {
        case Int32(CK_KV_ALWAYS.rawValue): return nil
        case Int32(CK_KV_IF_ABSENT.rawValue): return .ifAbsent
        case Int32(CK_KV_IF_EXISTS.rawValue): return .ifExists
        case Int32(CK_KV_IF_EQUALS.rawValue):
            return .ifEquals(attribute: try ABIInput.string(c.attribute, "condition.attribute"),
                             value: try value(c.value_json, "condition.value_json"))
        default: throw .invalidArgument("condition.kind \(c.kind) is not a ck_kv_condition_kind")
        }
    }

    static func tableSpec(_ pointer: UnsafePointer<ck_kv_table_spec>?) throws(CloudError) -> TableSpec {
        let c = try ABIStruct.read(pointer, "spec")
        try ABIOptions.refuseAll(c.options, c.option_count, operation: "create_table")
        let partitionType = try ABIInput.optionalString(c.partition_key_type, "spec.partition_key_type").map { (text) throws(CloudError) in try KeyType(parsing: text) }
        let sortType = try ABIInput.optionalString(c.sort_key_type, "spec.sort_key_type").map { (text) throws(CloudError) in try KeyType(parsing: text) }
        let sortName = try ABIInput.optionalString(c.sort_key, "spec.sort_key")
        return TableSpec(
            table: try ABIInput.string(c.table, "spec.table"),
            partitionKey: KeyAttribute(try ABIInput.string(c.partition_key, "spec.partition_key"), partitionType ?? .string),
            sortKey: sortName.map { KeyAttribute($0, sortType ?? .string) })
    }

    static func put(_ pointer: UnsafePointer<ck_kv_write_request>?) throws(CloudError) -> PutItemRequest {
        let c = try ABIStruct.read(pointer, "request")
        try ABIOptions.refuseAll(c.options, c.option_count, operation: "put_item")
        return PutItemRequest(table: try ABIInput.string(c.table, "table"), item: try item(c.item_json, "item_json"),
                              condition: try condition(c.condition))
    }

    static func delete(_ pointer: UnsafePointer<ck_kv_write_request>?) throws(CloudError) -> DeleteItemRequest {
        let c = try ABIStruct.read(pointer, "request")
        try ABIOptions.refuseAll(c.options, c.option_count, operation: "delete_item")
        return DeleteItemRequest(table: try ABIInput.string(c.table, "table"), key: try item(c.item_json, "item_json"),
                                 condition: try condition(c.condition))
    }

    static func get(_ pointer: UnsafePointer<ck_kv_get_request>?) throws(CloudError) -> GetItemRequest {
        let c = try ABIStruct.read(pointer, "request")
        try ABIOptions.refuseAll(c.options, c.option_count, operation: "get_item")
        return GetItemRequest(table: try ABIInput.string(c.table, "table"), key: try item(c.key_json, "key_json"),
                              consistent: c.consistent != 0)
    }

    static func update(_ pointer: UnsafePointer<ck_kv_update_request>?) throws(CloudError) -> UpdateItemRequest {
        let c = try ABIStruct.read(pointer, "request")
        try ABIOptions.refuseAll(c.options, c.option_count, operation: "update_item")
        var remove: [String] = []
        if c.remove_count > 0 {
            guard let names = c.remove else { throw .invalidArgument("remove is NULL but remove_count is \(c.remove_count)") }
            for index in 0..<c.remove_count { remove.append(try ABIInput.string(names[index], "remove[\(index)]")) }
        }
        var add: [String: KVNumber] = [:]
        if c.add_json != nil {
            for (name, value) in try item(c.add_json, "add_json") {
                guard case .number(let number) = value else { throw .invalidArgument("add_json.\(name) must be a number") }
                add[name] = number
            }
        }
        return UpdateItemRequest(
            table: try ABIInput.string(c.table, "table"), key: try item(c.key_json, "key_json"),
            set: c.set_json == nil ? [:] : try item(c.set_json, "set_json"), remove: remove, add: add,
            condition: try condition(c.condition))
    }

    static func query(_ pointer: UnsafePointer<ck_kv_query_request>?) throws(CloudError) -> QueryRequest {
        let c = try ABIStruct.read(pointer, "request")
        try ABIOptions.refuseAll(c.options, c.option_count, operation: "query")
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
            table: try ABIInput.string(c.table, "table"), partition: try value(c.partition_json, "partition_json"), sort: sort,
            limit: try limit(c.limit, "limit"), descending: c.descending != 0, consistent: c.consistent != 0,
            pageToken: try ABIInput.optionalString(c.page_token, "page_token"))
    }

    static func scan(_ pointer: UnsafePointer<ck_kv_scan_request>?) throws(CloudError) -> ScanRequest {
        let c = try ABIStruct.read(pointer, "request")
        try ABIOptions.refuseAll(c.options, c.option_count, operation: "scan")
        return ScanRequest(table: try ABIInput.string(c.table, "table"), limit: try limit(c.limit, "limit"),
                           pageToken: try ABIInput.optionalString(c.page_token, "page_token"))
    }

    static func batch(_ pointer: UnsafePointer<ck_kv_batch_request>?) throws(CloudError) -> (String, [KVItem]) {
        let c = try ABIStruct.read(pointer, "request")
        try ABIOptions.refuseAll(c.options, c.option_count, operation: "batch")
        var items: [KVItem] = []
        if c.count > 0 {
            guard let texts = c.items_json else { throw .invalidArgument("items_json is NULL but count is \(c.count)") }
            for index in 0..<c.count { items.append(try item(texts[index], "items_json[\(index)]")) }
        }
        return (try ABIInput.string(c.table, "table"), items)
    }

    static func transact(_ ops: UnsafePointer<UnsafePointer<ck_kv_transact_op>?>?, _ count: Int) throws(CloudError) -> [TransactOperation] {
        guard count > 0 else { return [] }
        guard let ops else { throw .invalidArgument("ops is NULL but count is \(count)") }
        var result: [TransactOperation] = []
        for index in 0..<count {
            let c = try ABIStruct.read(ops[index], "ops[\(index)]")
            let table = try ABIInput.string(c.table, "ops[\(index)].table")
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
