import CloudKitModel
import CloudKitProviderSupport
import Foundation
#if canImport(Glibc)
import Glibc
#endif

extension LocalObjectStore {
    /// One page of the buckets under the root: names with `request.prefix`,
    /// in ascending order (see `ResourcePaging`). `created` is when the
    /// bucket's lock file was written — once, as the bucket was made.
    /// Hidden folders (a bucket being made or deleted) are left out.
    public func listBuckets(_ request: ListResourcesRequest) async throws(CloudError) -> ResourcePage {
        let paging = try ResourcePaging(request, kind: .buckets)
        return try await BlockingIO.run { _ throws(CloudError) in
            var buckets: [ResourceSummary] = []
            for name in try FileSystem.entries(self.root.storage) {
                guard !name.hasPrefix("."), (try? StorageNames.validateBucket(name)) != nil else { continue }
                let layout = self.layout(name)
                guard try FileSystem.isDirectory(layout.objects) else { continue }
                let created = try FileSystem.status(layout.lockFile).map { status in
                    Date(timeIntervalSince1970: Double(status.st_mtim.tv_sec) + Double(status.st_mtim.tv_nsec) / 1_000_000_000)
                }
                buckets.append(ResourceSummary(name: name, created: created))
            }
            return paging.page(buckets)
        }
    }
}
