import CCloudKitABI
import CloudKitModel
import Foundation

/// `ck_attribute` ↔ `MessageAttributes`: the attributes a host sends or
/// publishes and those a provider hands back with a received message.
public enum MessageAttributeCodec {
    /// `attributes` as `ck_attribute`s owned by `arena`, sorted by name (nil and 0 when empty).
    public static func write(_ attributes: MessageAttributes, _ arena: CArena) -> (UnsafePointer<UnsafePointer<ck_attribute>?>?, Int) {
        let list: [UnsafePointer<ck_attribute>?] = attributes.sorted { $0.key < $1.key }.map { name, value in
            var c = ck_attribute()
            c.struct_size = ck_attribute.size(forMinor: ABIAgreement.minor)
            c.name = arena.string(name)
            c.type = arena.string(value.dataType)
            switch value {
            case .string(let text), .number(let text): c.string_value = arena.string(text)
            case .binary(let data):
                c.binary_value = UnsafePointer(arena.array(Array(data)))
                c.binary_length = data.count
            }
            return UnsafePointer(arena.value(c))
        }
        return (UnsafePointer(arena.array(list)), list.count)
    }

    /// A copy of `count` attributes at `list`; `field` names them in errors.
    /// A bad entry or a name given twice is `invalid argument` naming it.
    /// A provider reads a host's with `unknownTail: .refuse`, the host a
    /// provider's with `.ignore`.
    public static func read(
        _ list: UnsafePointer<UnsafePointer<ck_attribute>?>?, _ count: Int, _ field: String,
        unknownTail: ABIStruct.UnknownTail = .refuse
    ) throws(CloudError) -> MessageAttributes {
        let pairs = try ABIInput.list(list, count, field) { (pointer, entry) throws(CloudError) in
            let c = try ABIStruct.read(pointer, entry, unknownTail: unknownTail)
            let name = try ABIInput.string(c.name, "\(entry).name")
            let type = try ABIInput.string(c.type, "\(entry).type")
            let text = try ABIInput.optionalString(c.string_value, "\(entry).string_value")
            let bytes = c.binary_value == nil && c.binary_length == 0 ? nil
                : Data(try ABIInput.bytes(c.binary_value, c.binary_length, "\(entry).binary_value"))
            return (name, try MessageAttributeValue.make(type: type, text: text, bytes: bytes))
        }
        var result: MessageAttributes = [:]
        for (name, value) in pairs {
            guard result.updateValue(value, forKey: name) == nil else { throw .invalidArgument("\(field) names '\(name)' twice") }
        }
        return result
    }
}
