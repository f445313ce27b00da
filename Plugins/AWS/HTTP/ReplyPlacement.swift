import CloudKitModel
import CloudKitProviderSupport

/// Where a 2xx reply's body is written in place of being collected: byte
/// `n` of the body goes to `offset + n` of `target`, on the transport's loop
/// thread as it arrives. The parts of a ranged download land this way in
/// their final place (one buffer, one file) with no copy in between; an
/// error reply's body is still collected in memory, for its error. The
/// response then reports the bytes placed (`HTTPResponse.placed`).
public struct ReplyPlacement: Sendable {
    public let target: any PlacementTarget
    public let offset: Int64

    public init(_ target: any PlacementTarget, at offset: Int64) {
        self.target = target
        self.offset = offset
    }
}

/// Takes the pieces of a placed reply body. It runs on the transport's loop
/// thread: only brief work (a memory copy, a file write), never host code.
/// Throwing aborts the transfer with the error.
public protocol PlacementTarget: Sendable {
    func place(_ bytes: UnsafeRawBufferPointer, at offset: Int64) throws(CloudError)
}

extension DownloadBuffer: PlacementTarget {
    public func place(_ bytes: UnsafeRawBufferPointer, at offset: Int64) throws(CloudError) {
        try write(bytes, at: offset)
    }
}

extension AtomicFileSink: PlacementTarget {
    public func place(_ bytes: UnsafeRawBufferPointer, at offset: Int64) throws(CloudError) {
        try write(bytes, at: offset)
    }
}
