import CCloudKitABI
import CloudKitModel

extension CArena {
    /// Message attributes as `ck_attribute` structs owned by this arena,
    /// sorted by name: what the host sends and what a provider hands back.
    public func attributes(_ attributes: MessageAttributes) -> (UnsafePointer<UnsafePointer<ck_attribute>?>?, Int) {
        let list: [UnsafePointer<ck_attribute>?] = attributes.sorted { $0.key < $1.key }.map { name, value in
            var c = ck_attribute()
            c.struct_size = MemoryLayout<ck_attribute>.size
            c.name = string(name)
            c.type = string(value.dataType)
            switch value {
            case .string(let text), .number(let text): c.string_value = string(text)
            case .binary(let data):
                c.binary_value = UnsafePointer(array(Array(data)))
                c.binary_length = data.count
            }
            return UnsafePointer(self.value(c))
        }
        return (UnsafePointer(array(list)), list.count)
    }
}
