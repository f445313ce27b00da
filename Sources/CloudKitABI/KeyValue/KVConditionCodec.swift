import CCloudKitABI
import CloudKitModel

/// `ck_kv_condition` ↔ `KVCondition?`: the condition of a put, delete,
/// update or transaction operation. No condition is a NULL pointer; a
/// provider also reads `CK_KV_ALWAYS` as none.
public enum KVConditionCodec {
    /// Host side: the condition in `arena`, or NULL for none.
    public static func write(_ condition: KVCondition?, _ arena: CArena) -> UnsafePointer<ck_kv_condition>? {
        guard let condition else { return nil }
        var c = ck_kv_condition()
        c.struct_size = MemoryLayout<ck_kv_condition>.size
        switch condition {
        case .ifAbsent: c.kind = Int32(CK_KV_IF_ABSENT.rawValue)
        case .ifExists: c.kind = Int32(CK_KV_IF_EXISTS.rawValue)
        case .ifEquals(let attribute, let value):
            c.kind = Int32(CK_KV_IF_EQUALS.rawValue)
            c.attribute = arena.string(attribute)
            c.value_json = KVJSONField.write(value, arena)
        }
        return UnsafePointer(arena.value(c))
    }

    /// Provider side: a copy of the host's condition (nil for NULL or
    /// `CK_KV_ALWAYS`); `what` names it in errors.
    public static func read(_ pointer: UnsafePointer<ck_kv_condition>?, _ what: String = "condition") throws(CloudError) -> KVCondition? {
        guard let pointer else { return nil }
        let c = try ABIStruct.read(pointer, what)
        switch c.kind {
        case Int32(CK_KV_ALWAYS.rawValue): return nil
        case Int32(CK_KV_IF_ABSENT.rawValue): return .ifAbsent
        case Int32(CK_KV_IF_EXISTS.rawValue): return .ifExists
        case Int32(CK_KV_IF_EQUALS.rawValue):
            return .ifEquals(attribute: try ABIInput.string(c.attribute, "\(what).attribute"),
                             value: try KVJSONField.value(c.value_json, "\(what).value_json"))
        default: throw .invalidArgument("\(what).kind \(c.kind) is not a ck_kv_condition_kind")
        }
    }
}
