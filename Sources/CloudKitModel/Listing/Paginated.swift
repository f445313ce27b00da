/// Every item of a paged listing as an `AsyncSequence`: pages are fetched
/// one at a time as the caller iterates, so no caller writes a page-token
/// loop, and memory holds one page. A token the service hands back twice is
/// `internal` (code `RepeatedPageToken`) instead of a loop that never ends.
///
/// ```swift
/// for try await bucket in cloud.storage.allBuckets(prefix: "logs-") { print(bucket.name) }
/// ```
public struct Paginated<Element: Sendable>: AsyncSequence, Sendable {
    public typealias Failure = CloudError

    /// Fetches the page after `token` (nil: the first): its items and the next token (nil: the last page).
    public typealias FetchPage = @Sendable (_ token: String?) async throws(CloudError) -> (items: [Element], next: String?)

    private let fetch: FetchPage

    public init(_ fetch: @escaping FetchPage) {
        self.fetch = fetch
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(fetch: fetch)
    }

    /// Every item, in order (for listings known to be small).
    public func collect() async throws(CloudError) -> [Element] {
        var items: [Element] = []
        var iterator = makeAsyncIterator()
        while let item = try await iterator.next() { items.append(item) }
        return items
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        public typealias Failure = CloudError
        private let fetch: FetchPage
        private var buffer: [Element] = []
        private var position = 0
        private var token: String?
        private var finished = false
        private var seen: Set<String> = []

        init(fetch: @escaping FetchPage) {
            self.fetch = fetch
        }

        public mutating func next() async throws(CloudError) -> Element? {
            while position == buffer.count {
                guard !finished else { return nil }
                let page = try await fetch(token)
                buffer = page.items
                position = 0
                if let next = page.next {
                    guard seen.insert(next).inserted else {
                        throw CloudError(.internal, "the service returned the page token '\(next.prefix(64))' twice", code: "RepeatedPageToken")
                    }
                    token = next
                } else {
                    finished = true
                }
            }
            defer { position += 1 }
            return buffer[position]
        }
    }
}

extension Paginated where Element == ResourceSummary {
    /// Every resource a `list_*` call pages through (buckets, tables, queues, topics).
    static func resources(
        prefix: String?, pageSize: Int, _ list: @escaping @Sendable (ListResourcesRequest) async throws(CloudError) -> ResourcePage
    ) -> Paginated<ResourceSummary> {
        Paginated { token throws(CloudError) in
            let page = try await list(ListResourcesRequest(prefix: prefix, pageToken: token, maxItems: pageSize))
            return (page.items, page.nextPageToken)
        }
    }
}
