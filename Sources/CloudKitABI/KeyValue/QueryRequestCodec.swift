import CCloudKitABI
import CloudKitModel

/// `ck_kv_query_request` ↔ `QueryRequest` (query): the sort condition is
/// `sort_op` with its operands as JSON values (`sort_json2` only for BETWEEN).
public enum QueryRequestCodec {
    /// Host side: the request in `arena`; a limit that is not positive is refused.
    public static func write(_ request: QueryRequest, _ arena: CArena) throws(CloudError) -> ck_kv_query_request {
        var c = ck_kv_query_request()
        c.struct_size = MemoryLayout<ck_kv_query_request>.size
        c.table = arena.string(request.table)
        c.partition_json = KVJSONField.write(request.partition, arena)
        let (op, first, second) = sort(request.sort)
        c.sort_op = Int32(op.rawValue)
        c.sort_json = first.flatMap { KVJSONField.write($0, arena) }
        c.sort_json2 = second.flatMap { KVJSONField.write($0, arena) }
        c.limit = try KVPageLimit.write(request.limit)
        c.descending = request.descending ? 1 : 0
        c.consistent = request.consistent ? 1 : 0
        c.page_token = arena.string(request.pageToken)
        return c
    }

    /// Provider side: a copy of the host's request; an operator needs its operands.
    public static func read(_ pointer: UnsafePointer<ck_kv_query_request>?) throws(CloudError) -> QueryRequest {
        let c = try ABIStruct.read(pointer, "query request")
        try ABIOptions.refuseAll(c.options, c.option_count, operation: "query")
        return QueryRequest(
            table: try ABIInput.string(c.table, "table"), partition: try KVJSONField.value(c.partition_json, "partition_json"),
            sort: try sort(c), limit: try KVPageLimit.read(c.limit), descending: c.descending != 0,
            consistent: c.consistent != 0, pageToken: try ABIInput.optionalString(c.page_token, "page_token"))
    }

    /// The operator and its operands.
    private static func sort(_ sort: SortKeyCondition) -> (ck_kv_sort_op, AttributeValue?, AttributeValue?) {
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

    /// The sort condition of a C request.
    private static func sort(_ c: ck_kv_query_request) throws(CloudError) -> SortKeyCondition {
        let first = { () throws(CloudError) in try KVJSONField.value(c.sort_json, "sort_json") }
        switch c.sort_op {
        case Int32(CK_KV_SORT_ANY.rawValue): return .any
        case Int32(CK_KV_SORT_EQ.rawValue): return .equal(try first())
        case Int32(CK_KV_SORT_LT.rawValue): return .less(try first())
        case Int32(CK_KV_SORT_LE.rawValue): return .lessOrEqual(try first())
        case Int32(CK_KV_SORT_GT.rawValue): return .greater(try first())
        case Int32(CK_KV_SORT_GE.rawValue): return .greaterOrEqual(try first())
        case Int32(CK_KV_SORT_BETWEEN.rawValue): return .between(try first(), try KVJSONField.value(c.sort_json2, "sort_json2"))
        case Int32(CK_KV_SORT_BEGINS_WITH.rawValue): return .beginsWith(try first())
        default: throw .invalidArgument("sort_op \(c.sort_op) is not a ck_kv_sort_op")
        }
    }
}
