import CloudKitModel

extension BodyWriter {
    /// Hands `bytes` to the writer; a `CloudError` it throws passes as it
    /// is, any other error becomes `internal` ("writing the response body
    /// failed"). The one place a reply body's writer is called.
    public func deliver(_ bytes: UnsafeRawBufferPointer) throws(CloudError) {
        do {
            try write(bytes)
        } catch let error as CloudError {
            throw error
        } catch {
            throw CloudError(.internal, "writing the response body failed: \(error.localizedDescription)")
        }
    }
}
