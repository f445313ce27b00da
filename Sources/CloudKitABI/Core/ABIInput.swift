import CCloudKitABI
import CloudKitModel

/// Reads borrowed C values (strings, pairs, bytes) into Swift values,
/// refusing what the ABI forbids with `invalid argument` naming the field.
/// Both the provider kit (reading requests) and the host (reading results)
/// use it.
public enum ABIInput {
    /// A required UTF-8 string; NULL or invalid UTF-8 is `invalid argument` naming `field`.
    public static func string(_ pointer: UnsafePointer<CChar>?, _ field: String) throws(CloudError) -> String {
        guard let pointer else { throw .invalidArgument("\(field) is required (got NULL)") }
        guard let text = String(validatingCString: pointer) else {
            throw .invalidArgument("\(field) is not valid UTF-8")
        }
        return text
    }

    /// An optional UTF-8 string; NULL is nil, invalid UTF-8 is an error.
    public static func optionalString(_ pointer: UnsafePointer<CChar>?, _ field: String) throws(CloudError) -> String? {
        guard let pointer else { return nil }
        return try string(pointer, field)
    }

    /// `count` strings; a NULL array with a count, or a NULL entry, is an error.
    public static func strings(_ pointer: UnsafePointer<UnsafePointer<CChar>?>?, _ count: Int, _ field: String) throws(CloudError) -> [String] {
        try list(pointer, count, field) { (text, name) throws(CloudError) in try string(text, name) }
    }

    /// A list of pairs, in order; a NULL key or value is an error.
    public static func pairs(_ pointer: UnsafePointer<ck_pair>?, _ count: Int, _ field: String) throws(CloudError) -> [(String, String)] {
        try list(pointer, count, field) { (pair, name) throws(CloudError) in
            (try string(pair.key, "\(name).key"), try string(pair.value, "\(name).value"))
        }
    }

    /// Pairs as a dictionary; a key given twice is an error naming it.
    /// With `lowercasingKeys`, keys are compared and kept in lower case (metadata).
    public static func dictionary(
        _ pointer: UnsafePointer<ck_pair>?, _ count: Int, _ field: String, lowercasingKeys: Bool = false
    ) throws(CloudError) -> [String: String] {
        var result: [String: String] = [:]
        for (key, value) in try pairs(pointer, count, field) {
            let name = lowercasingKeys ? key.lowercased() : key
            guard result[name] == nil else { throw .invalidArgument("\(field) gives '\(name)' twice") }
            result[name] = value
        }
        return result
    }

    /// Bytes given as pointer + length (NULL allowed only for length 0).
    public static func bytes(_ pointer: UnsafePointer<UInt8>?, _ length: Int, _ field: String) throws(CloudError) -> [UInt8] {
        guard length > 0 else { return [] }
        guard let pointer else { throw .invalidArgument("\(field) is NULL but its length is \(length)") }
        return Array(UnsafeBufferPointer(start: pointer, count: length))
    }
}
