import CloudKit

/// `storage copy` with a progress line. A copy runs inside the provider,
/// and `ck_copy_object_request` carries no progress callback, so the line
/// shows the source's size (from a HEAD, "?" if that fails) while the copy
/// runs and the whole of it once it is done.
enum CopyProgress {
    static func copy(_ request: CopyObjectRequest, storage: any ObjectStorage, line: ProgressLine?) async throws(CloudError) -> ObjectInfo {
        guard let line else { return try await storage.copyObject(request) }
        defer { line.finish() }
        let size = (try? await storage.headObject(bucket: request.sourceBucket, key: request.sourceKey))?.size ?? -1
        line.update(done: 0, total: size)
        let info = try await storage.copyObject(request)
        line.update(done: info.size, total: info.size)
        return info
    }
}
