/// The `all…` listings of every service: each paged call as a `Paginated`
/// sequence, so no caller writes a page-token loop.
extension ObjectStorage {
    /// Every bucket whose name starts with `prefix`, a page of `pageSize` (0: the provider's) at a time.
    public func allBuckets(prefix: String? = nil, pageSize: Int = 0) -> Paginated<ResourceSummary> {
        .resources(prefix: prefix, pageSize: pageSize, listBuckets)
    }

    /// Every object of `bucket` whose key starts with `prefix`, in key order.
    public func allObjects(bucket: String, prefix: String? = nil, pageSize: Int = 0) -> Paginated<ObjectSummary> {
        Paginated { token throws(CloudError) in
            let page = try await listObjects(ListObjectsRequest(bucket: bucket, prefix: prefix, pageToken: token, maxKeys: pageSize))
            return (page.objects, page.nextPageToken)
        }
    }
}

extension KeyValueStore {
    /// Every table whose name starts with `prefix`.
    public func allTables(prefix: String? = nil, pageSize: Int = 0) -> Paginated<ResourceSummary> {
        .resources(prefix: prefix, pageSize: pageSize, listTables)
    }
}

extension MessageQueues {
    /// Every queue whose name starts with `prefix` (identifiers are queue URLs).
    public func allQueues(prefix: String? = nil, pageSize: Int = 0) -> Paginated<ResourceSummary> {
        .resources(prefix: prefix, pageSize: pageSize, listQueues)
    }
}

extension KeyValueStore {
    /// Every item `request` matches, page after page from its `pageToken`
    /// (`limit` is the page size: DynamoDB's `Limit` bounds the items read per page).
    public func allItems(_ request: QueryRequest) -> Paginated<KVItem> {
        .items(request, token: \.pageToken, query)
    }

    /// Every item of a scan, page after page from its `pageToken`.
    public func allItems(_ request: ScanRequest) -> Paginated<KVItem> {
        .items(request, token: \.pageToken, scan)
    }
}

extension Paginated where Element == KVItem {
    /// The items `fetch` returns for `request`, then for `request` with each
    /// next page token set at `token`.
    static func items<Request: Sendable>(
        _ request: Request, token: WritableKeyPath<Request, String?> & Sendable,
        _ fetch: @escaping @Sendable (Request) async throws(CloudError) -> ItemPage
    ) -> Paginated<KVItem> {
        Paginated { next throws(CloudError) in
            var page = request
            if let next { page[keyPath: token] = next }
            let result = try await fetch(page)
            return (result.items, result.nextPageToken)
        }
    }
}

extension PubSub {
    /// Every topic whose name starts with `prefix` (identifiers are ARNs).
    public func allTopics(prefix: String? = nil, pageSize: Int = 0) -> Paginated<ResourceSummary> {
        .resources(prefix: prefix, pageSize: pageSize, listTopics)
    }

    /// Every subscription of `topic`.
    public func allSubscriptions(topic: String) -> Paginated<Subscription> {
        Paginated { token throws(CloudError) in
            let page = try await listSubscriptions(topic: topic, pageToken: token)
            return (page.subscriptions, page.nextPageToken)
        }
    }
}

extension Functions {
    /// Every function, `pageSize` at a time (nil: the provider's page size).
    public func allFunctions(pageSize: Int? = nil) -> Paginated<FunctionInfo> {
        Paginated { token throws(CloudError) in
            let page = try await listFunctions(pageToken: token, maxItems: pageSize)
            return (page.functions, page.nextPageToken)
        }
    }
}
