/// Object storage: buckets of keyed byte blobs with metadata.
///
/// The host's ABI-backed client and every provider's backend implement this
/// one protocol, so both sides speak the same Swift vocabulary. All methods
/// are safe to call concurrently and throw only `CloudError`.
public protocol ObjectStorage: Sendable {
    func createBucket(_ bucket: String) async throws(CloudError)
    func deleteBucket(_ bucket: String) async throws(CloudError)
    func putObject(_ request: PutObjectRequest) async throws(CloudError) -> ObjectInfo
    func getObject(_ request: GetObjectRequest) async throws(CloudError) -> GetObjectResult
    func headObject(bucket: String, key: String) async throws(CloudError) -> ObjectInfo
    func deleteObject(bucket: String, key: String) async throws(CloudError)
    func listObjects(_ request: ListObjectsRequest) async throws(CloudError) -> ObjectListing
    func copyObject(_ request: CopyObjectRequest) async throws(CloudError) -> ObjectInfo
    func presign(_ request: PresignRequest) async throws(CloudError) -> String
    /// One page of the buckets, by name.
    func listBuckets(_ request: ListResourcesRequest) async throws(CloudError) -> ResourcePage
}
