import CloudKitModel

/// Lists one page of a bucket (see `ListingPage` for the rules and
/// `KeyTreeWalker` for the order), then reads the records of the keys on it.
struct LocalListing {
    let layout: BucketLayout
    let request: ListObjectsRequest

    static let defaultMaxKeys = 1000

    func page() throws(CloudError) -> ObjectListing {
        // The AWS provider refuses the same values, so both behave alike.
        guard (0...Self.defaultMaxKeys).contains(request.maxKeys) else {
            throw CloudError(.invalidArgument, "max keys must be 0 (the default, 1000) to 1000, not \(request.maxKeys)", code: "InvalidArgument")
        }
        var startAfter: PageToken?
        if let token = request.pageToken { startAfter = try PageToken(parsing: token) }
        var page = ListingPage(
            prefix: Array((request.prefix ?? "").utf8),
            delimiter: request.delimiter.flatMap { $0.isEmpty ? nil : Array($0.utf8) },
            maxKeys: request.maxKeys == 0 ? Self.defaultMaxKeys : request.maxKeys,
            startAfter: startAfter)
        try KeyTreeWalker(objectsFolder: layout.objects).walk(&page)
        var summaries: [ObjectSummary] = []
        for object in page.objects {
            // A record removed since the walk is simply not listed.
            var record = object.parsed
            if record == nil { record = try object.record.read() }
            guard let record, Array(record.key.utf8) == object.key else { continue }
            summaries.append(record.summary())
        }
        return ObjectListing(
            objects: summaries, commonPrefixes: page.commonPrefixes.map { String(decoding: $0, as: UTF8.self) },
            nextPageToken: page.nextPageToken)
    }
}
