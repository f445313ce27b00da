import CCloudKitABI
import CloudKitModel

/// `ck_kv_table_spec` ↔ `TableSpec` (create_table). A NULL key type means "S".
public enum TableSpecCodec {
    /// Host side: the spec in `arena`.
    public static func write(_ spec: TableSpec, _ arena: CArena) -> ck_kv_table_spec {
        var c = ck_kv_table_spec()
        c.struct_size = MemoryLayout<ck_kv_table_spec>.size
        c.table = arena.string(spec.table)
        c.partition_key = arena.string(spec.partitionKey.name)
        c.partition_key_type = arena.string(spec.partitionKey.type.rawValue)
        c.sort_key = arena.string(spec.sortKey?.name)
        c.sort_key_type = arena.string(spec.sortKey?.type.rawValue)
        return c
    }

    /// Provider side: a copy of the host's spec, key types parsed.
    public static func read(_ pointer: UnsafePointer<ck_kv_table_spec>?) throws(CloudError) -> TableSpec {
        let c = try ABIStruct.read(pointer, "create_table spec")
        try ABIOptions.refuseAll(c.options, c.option_count, operation: "create_table")
        let partitionType = try keyType(c.partition_key_type, "spec.partition_key_type")
        let sortType = try keyType(c.sort_key_type, "spec.sort_key_type")
        let sortName = try ABIInput.optionalString(c.sort_key, "spec.sort_key")
        return TableSpec(
            table: try ABIInput.string(c.table, "spec.table"),
            partitionKey: KeyAttribute(try ABIInput.string(c.partition_key, "spec.partition_key"), partitionType),
            sortKey: sortName.map { KeyAttribute($0, sortType) })
    }

    /// A key type, "S" when NULL.
    private static func keyType(_ pointer: UnsafePointer<CChar>?, _ field: String) throws(CloudError) -> KeyType {
        guard let text = try ABIInput.optionalString(pointer, field) else { return .string }
        return try KeyType(parsing: text)
    }
}
