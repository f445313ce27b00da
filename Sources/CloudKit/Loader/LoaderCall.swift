import CCloudKitABI
import CloudKitLoader
import CloudKitModel

/// Calls into the C loader (`abi/cloudkit_loader.h`, the one place the rules
/// for choosing, finding and loading providers live) and turns the
/// `ck_loader_error` it fills into a typed `CloudError`.
enum LoaderCall {
    /// Runs `body` with a fresh error; throws what it reports when `body` returns a failure kind.
    static func run(_ body: (UnsafeMutablePointer<ck_loader_error>) -> Int32) throws(CloudError) {
        var error = ck_loader_error()
        error.struct_size = MemoryLayout<ck_loader_error>.size
        let kind = withUnsafeMutablePointer(to: &error) { body($0) }
        guard kind != Int32(CK_OK.rawValue) else { return }
        let message = text(of: &error.message)
        let code = text(of: &error.code)
        throw CloudError(CloudErrorKind(rawValue: kind) ?? .internal, message, code: code.isEmpty ? nil : code)
    }

    /// The NUL-terminated text in a fixed C array (imported as a tuple).
    private static func text<Tuple>(of array: inout Tuple) -> String {
        withUnsafeBytes(of: &array) { bytes in
            String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
        }
    }

    /// A copy of a C string; nil for NULL.
    static func string(_ pointer: UnsafePointer<CChar>?) -> String? {
        pointer.map { String(cString: $0) }
    }

    /// `count` pairs as a dictionary (a later key wins; the loader never gives one twice).
    static func dictionary(_ pairs: UnsafePointer<ck_pair>?, _ count: Int) -> [String: String] {
        guard let pairs else { return [:] }
        var result: [String: String] = [:]
        for index in 0..<count {
            guard let key = string(pairs[index].key), let value = string(pairs[index].value) else { continue }
            result[key] = value
        }
        return result
    }
}
