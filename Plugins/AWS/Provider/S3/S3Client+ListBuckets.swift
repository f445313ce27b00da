import AWSAuth
import CloudKitModel
import Foundation

/// Listing buckets (S3 `ListBuckets`), paged as every resource listing is (see `ResourcePager`).
extension S3Client {
    /// The page size when the request leaves it to the provider.
    static let bucketPageSize = 1000

    /// One page of the caller's buckets: names with `request.prefix`, in
    /// ascending order, `created` from S3's `CreationDate`. `prefix`,
    /// `max-buckets` and `continuation-token` are sent; S3 honours all three.
    /// A server that cuts the list at `max-buckets` without a continuation
    /// token (moto 5.2.1) is asked again for the whole list, which is then
    /// filtered and paged here.
    public func listBuckets(_ request: ListResourcesRequest) async throws(CloudError) -> ResourcePage {
        let size = try ResourcePager.pageSize(request, defaultSize: Self.bucketPageSize)
        let prefix = request.prefix.flatMap { $0.isEmpty ? nil : $0 }
        return try await ResourcePager.page(request, kind: .buckets, defaultSize: Self.bucketPageSize, operation: "S3 ListBuckets") {
            token throws(CloudError) in
            let page = try await bucketPage(prefix: prefix, limit: size, token: token)
            guard page.nextToken == nil, page.items.count >= size else { return page }
            return try await bucketPage(prefix: prefix, limit: nil, token: token)
        }
    }

    /// One `ListBuckets` reply.
    private func bucketPage(prefix: String?, limit: Int?, token: String?) async throws(CloudError) -> ServicePage {
        var query: [QueryItem] = []
        if let token { query.append(QueryItem("continuation-token", token)) }
        if let limit { query.append(QueryItem("max-buckets", String(limit))) }
        if let prefix { query.append(QueryItem("prefix", prefix)) }
        let response = try await send(Call(method: "GET", bucket: nil, query: query))
        let tree = try XMLTree.parse(response.body)
        let buckets = (tree.child("Buckets")?.all("Bucket") ?? []).compactMap { bucket -> ResourceSummary? in
            guard let name = bucket.text("Name"), !name.isEmpty else { return nil }
            return ResourceSummary(name: name, created: bucket.text("CreationDate").flatMap(ISO8601Date.parse))
        }
        return ServicePage(items: buckets, nextToken: tree.text("ContinuationToken").flatMap { $0.isEmpty ? nil : $0 })
    }
}
