import CCloudKitABI
import CloudKitModel

/// The `ck_kv_transact_op`s of a transaction ↔ `[TransactOperation]`:
/// an array of pointers, each op with its kind, table, item (put) or key
/// (delete, check) as JSON text, and condition (required for a check).
public enum TransactCodec {
    /// Host side: the ops and their count, all in `arena`.
    public static func write(
        _ operations: [TransactOperation], _ arena: CArena
    ) -> (ops: UnsafePointer<UnsafePointer<ck_kv_transact_op>?>?, count: Int) {
        let ops: [UnsafePointer<ck_kv_transact_op>?] = operations.map { operation in
            var c = ck_kv_transact_op()
            c.struct_size = MemoryLayout<ck_kv_transact_op>.size
            c.table = arena.string(operation.table)
            let (kind, item, condition): (ck_kv_transact_kind, KVItem, KVCondition?) =
                switch operation {
                case .put(_, let item, let condition): (CK_KV_TRANSACT_PUT, item, condition)
                case .delete(_, let key, let condition): (CK_KV_TRANSACT_DELETE, key, condition)
                case .check(_, let key, let condition): (CK_KV_TRANSACT_CHECK, key, condition)
                }
            c.kind = Int32(kind.rawValue)
            c.item_json = KVJSONField.write(item, arena)
            c.condition = KVConditionCodec.write(condition, arena)
            return UnsafePointer(arena.value(c))
        }
        return (arena.array(ops).map { UnsafePointer($0) }, ops.count)
    }

    /// Provider side: copies of the host's `count` ops.
    public static func read(
        _ ops: UnsafePointer<UnsafePointer<ck_kv_transact_op>?>?, _ count: Int
    ) throws(CloudError) -> [TransactOperation] {
        try ABIInput.list(ops, count, "ops") { (op, name) throws(CloudError) in try read(op, name) }
    }

    /// One op; `what` names it in errors.
    private static func read(_ pointer: UnsafePointer<ck_kv_transact_op>?, _ what: String) throws(CloudError) -> TransactOperation {
        let c = try ABIStruct.read(pointer, what)
        let table = try ABIInput.string(c.table, "\(what).table")
        let item = try KVJSONField.item(c.item_json, "\(what).item_json")
        let condition = try KVConditionCodec.read(c.condition, "\(what).condition")
        switch c.kind {
        case Int32(CK_KV_TRANSACT_PUT.rawValue): return .put(table: table, item: item, condition: condition)
        case Int32(CK_KV_TRANSACT_DELETE.rawValue): return .delete(table: table, key: item, condition: condition)
        case Int32(CK_KV_TRANSACT_CHECK.rawValue):
            guard let condition else { throw .invalidArgument("\(what) is a check without a condition") }
            return .check(table: table, key: item, condition: condition)
        default: throw .invalidArgument("\(what).kind \(c.kind) is not a ck_kv_transact_kind")
        }
    }
}
