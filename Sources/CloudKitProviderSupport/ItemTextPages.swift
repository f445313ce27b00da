import CloudKitModel

/// A page of items as their JSON texts, exactly as `KVJSON.text` writes
/// them, and the token of the next page (nil on the last).
public struct ItemTextPage: Sendable, Equatable {
    public var texts: [String]
    public var nextPageToken: String?

    public init(texts: [String], nextPageToken: String?) {
        self.texts = texts
        self.nextPageToken = nextPageToken
    }
}

/// Queries and scans that a provider can answer with its items' stored
/// texts: a provider that keeps items as `KVJSON.text` writes them hands
/// them on as they are, and the kit passes them to the host without
/// parsing and writing each again (as `ImmediateItemReads` does for one
/// item). The kit uses these in place of `KeyValueStore.query` and `scan`
/// when the client's tables conform; the answers must be the same pages.
public protocol ItemTextPages: Sendable {
    /// `query`'s page, as texts.
    func queryTexts(_ request: QueryRequest) async throws(CloudError) -> ItemTextPage
    /// `scan`'s page, as texts.
    func scanTexts(_ request: ScanRequest) async throws(CloudError) -> ItemTextPage
}
