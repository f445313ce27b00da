import CCloudKitABI
import CloudKitCInterop
import CloudKitModel

/// Reads borrowed C input into Swift values, rejecting what the ABI forbids.
enum CInput {
    /// A required UTF-8 string argument; NULL or invalid UTF-8 is `invalid argument` naming `field`.
    static func string(_ pointer: UnsafePointer<CChar>?, _ field: String) throws(CloudError) -> String {
        guard let pointer else { throw .invalidArgument("\(field) is required (got NULL)") }
        guard let text = String(validatingCString: pointer) else {
            throw .invalidArgument("\(field) is not valid UTF-8")
        }
        return text
    }

    /// An optional UTF-8 string argument; NULL is nil, invalid UTF-8 is an error.
    static func optionalString(_ pointer: UnsafePointer<CChar>?, _ field: String) throws(CloudError) -> String? {
        guard let pointer else { return nil }
        return try string(pointer, field)
    }

    /// A list of pairs as an ordered array; a NULL key or value is an error.
    static func pairs(_ pointer: UnsafePointer<ck_pair>?, _ count: Int, _ field: String) throws(CloudError) -> [(String, String)] {
        guard count > 0 else { return [] }
        guard let pointer else { throw .invalidArgument("\(field) is NULL but its count is \(count)") }
        var result: [(String, String)] = []
        result.reserveCapacity(count)
        for index in 0..<count {
            let pair = pointer[index]
            result.append((try string(pair.key, "\(field)[\(index)].key"), try string(pair.value, "\(field)[\(index)].value")))
        }
        return result
    }

    /// Checks a request struct pointer and its `struct_size` (at least the 1.0 layout).
    static func request<T>(_ pointer: UnsafePointer<T>?, minimumSize: Int, _ name: String) throws(CloudError) -> T {
        guard let pointer else { throw .invalidArgument("\(name) is required (got NULL)") }
        let size = UnsafeRawPointer(pointer).load(as: Int.self)
        guard size >= minimumSize else {
            throw .invalidArgument("\(name).struct_size is \(size); at least \(minimumSize) is required")
        }
        return pointer.pointee
    }

    /// Bytes given as pointer + length (NULL allowed only for length 0).
    static func bytes(_ pointer: UnsafePointer<UInt8>?, _ length: Int, _ field: String) throws(CloudError) -> [UInt8] {
        guard length > 0 else { return [] }
        guard let pointer else { throw .invalidArgument("\(field) is NULL but its length is \(length)") }
        return Array(UnsafeBufferPointer(start: pointer, count: length))
    }
}
