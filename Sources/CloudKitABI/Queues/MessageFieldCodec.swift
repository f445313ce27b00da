import CCloudKitABI
import CloudKitModel

/// The two conventions the queue and pub/sub structs share: "seconds"
/// members where -1 means the default, and message bodies given as UTF-8
/// bytes (pointer + length).
public enum MessageFieldCodec {
    /// `seconds` for a C member: nil (the default) is -1.
    public static func seconds(_ seconds: Int?) -> Int32 {
        guard let seconds else { return -1 }
        return Int32(clamping: seconds)
    }

    /// A C "seconds" member: -1 is nil (the default); another negative value
    /// is `invalid argument` naming `field`.
    public static func seconds(_ value: Int32, _ field: String) throws(CloudError) -> Int? {
        if value == -1 { return nil }
        guard value >= 0 else { throw .invalidArgument("\(field) must be -1 (default) or at least 0") }
        return Int(value)
    }

    /// `text` as UTF-8 bytes owned by `arena` (nil and 0 when empty).
    public static func body(_ text: String, _ arena: CArena) -> (UnsafePointer<UInt8>?, Int) {
        let bytes = Array(text.utf8)
        return (UnsafePointer(arena.array(bytes)), bytes.count)
    }

    /// The UTF-8 text at `pointer` + `length`; invalid UTF-8 is `invalid argument` naming `field`.
    public static func body(_ pointer: UnsafePointer<UInt8>?, _ length: Int, _ field: String) throws(CloudError) -> String {
        let bytes = try ABIInput.bytes(pointer, length, field)
        guard let text = String(validating: bytes, as: UTF8.self) else { throw .invalidArgument("\(field) is not valid UTF-8") }
        return text
    }
}
