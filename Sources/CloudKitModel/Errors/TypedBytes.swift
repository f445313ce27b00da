import Foundation

extension Data {
    /// `withUnsafeBytes` for closures that throw only `CloudError` (Foundation's
    /// version rethrows untyped errors).
    public func withBytes<R>(_ body: (UnsafeRawBufferPointer) throws(CloudError) -> R) throws(CloudError) -> R {
        try withUnsafeBytes { bytes in Result { () throws(CloudError) in try body(bytes) } }.get()
    }

    /// `withUnsafeMutableBytes` for closures that throw only `CloudError`.
    public mutating func withMutableBytes<R>(_ body: (UnsafeMutableRawBufferPointer) throws(CloudError) -> R) throws(CloudError) -> R {
        try withUnsafeMutableBytes { bytes in Result { () throws(CloudError) in try body(bytes) } }.get()
    }
}
