extension BodyReader {
    /// One call of the reader, as every provider and the host make it (the
    /// local provider's `BlobWriter`, the AWS transport's `BodyFeed` and
    /// `S3PartReader`, the host's `BodySpool`): the count it filled, checked
    /// against the buffer (`invalid argument` otherwise); a `CloudError` it
    /// throws is kept, any other error becomes `cancelled` (the reader gave
    /// up, as a C read callback returning -1 does).
    public func checkedRead(into buffer: UnsafeMutableRawBufferPointer) throws(CloudError) -> Int {
        let count: Int
        do {
            count = try read(buffer)
        } catch let error as CloudError {
            throw error
        } catch {
            throw CloudError(.cancelled, "the body reader failed: \(error)")
        }
        guard (0...buffer.count).contains(count) else {
            throw .invalidArgument("the body reader returned \(count) for a buffer of \(buffer.count) bytes")
        }
        return count
    }
}
