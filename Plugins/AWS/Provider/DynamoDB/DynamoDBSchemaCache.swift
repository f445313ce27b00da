import CloudKitModel
import Synchronization

/// Key schemas of tables this client has used, from `DescribeTable`. Condition
/// expressions, query key conditions and batch de-duplication need the key
/// attribute names; a table's key schema never changes while it exists.
final class DynamoDBSchemaCache: Sendable {
    private let schemas = Locked<[String: TableSpec]>([:])

    func get(_ table: String) -> TableSpec? { schemas.withLock { $0[table] } }

    func set(_ spec: TableSpec) { schemas.withLock { $0[spec.table] = spec } }

    /// Forgets a table (deleted, or reported missing).
    func forget(_ table: String) { _ = schemas.withLock { $0.removeValue(forKey: table) } }
}
