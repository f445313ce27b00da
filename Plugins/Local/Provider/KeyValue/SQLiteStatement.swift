import CSQLite
import CloudKitModel

/// A value bound to a statement's `?` parameter.
enum SQLiteValue {
    case text(String)
    case blob([UInt8])
    case integer(Int64)
}

/// A prepared statement of one `SQLiteDatabase`: binding, stepping and
/// reading columns. Owned and finalized by its database's statement cache.
final class SQLiteStatement {
    /// Tells SQLite to copy bound bytes (`SQLITE_TRANSIENT`, which Swift does not import).
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    private let handle: OpaquePointer
    private unowned let database: SQLiteDatabase

    init(_ handle: OpaquePointer, database: SQLiteDatabase) {
        self.handle = handle
        self.database = database
    }

    func finalize() { sqlite3_finalize(handle) }

    /// Clears the previous run (releasing its read lock) and its bindings.
    func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    /// Binds `values` to parameters 1, 2, … in order.
    func bind(_ values: [SQLiteValue]) throws(CloudError) {
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            let code: Int32
            switch value {
            case .integer(let number):
                code = sqlite3_bind_int64(handle, index, number)
            case .text(var text):
                // The string's own UTF-8 (made contiguous in place if need be), copied by SQLite.
                code = text.withUTF8 { buffer in
                    buffer.isEmpty
                        ? sqlite3_bind_text(handle, index, "", 0, Self.transient)
                        : buffer.withMemoryRebound(to: CChar.self) {
                            sqlite3_bind_text(handle, index, $0.baseAddress, Int32(buffer.count), Self.transient)
                        }
                }
            case .blob(let bytes):
                // A zero-length blob bound from a pointer would be NULL; keys need a real empty blob.
                code = bytes.isEmpty
                    ? sqlite3_bind_zeroblob(handle, index, 0)
                    : bytes.withUnsafeBytes { sqlite3_bind_blob(handle, index, $0.baseAddress, Int32($0.count), Self.transient) }
            }
            guard code == SQLITE_OK else { throw database.failure(code) }
        }
    }

    /// Advances to the next row: true when there is one, false when the statement is done.
    func step() throws(CloudError) -> Bool {
        let code = sqlite3_step(handle)
        switch code {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw database.failure(code)
        }
    }

    /// Column `index` of the current row as text (empty for NULL).
    func text(_ index: Int32) -> String {
        // SQLite's rule: fetch the value first, then its size.
        let start = sqlite3_column_text(handle, index)
        let count = Int(sqlite3_column_bytes(handle, index))
        guard let start, count > 0 else { return "" }
        return String(decoding: UnsafeBufferPointer(start: start, count: count), as: UTF8.self)
    }

    /// Column `index` of the current row as bytes (empty for NULL).
    func blob(_ index: Int32) -> [UInt8] {
        let start = sqlite3_column_blob(handle, index)
        let count = Int(sqlite3_column_bytes(handle, index))
        guard let start, count > 0 else { return [] }
        return Array(UnsafeRawBufferPointer(start: start, count: count))
    }

    /// Column `index` of the current row as an integer.
    func integer(_ index: Int32) -> Int64 { sqlite3_column_int64(handle, index) }

    /// True when column `index` of the current row is NULL.
    func isNull(_ index: Int32) -> Bool { sqlite3_column_type(handle, index) == SQLITE_NULL }
}
