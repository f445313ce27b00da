import CloudKitModel

/// Listing queues (SQS `ListQueues`), paged as every resource listing is (see `ResourcePager`).
extension SQSClient {
    /// The page size when the request leaves it to the provider (SQS's largest `MaxResults`).
    static let queuePageSize = 1000

    /// One page of the account's queues in this region: names with
    /// `request.prefix` (sent as `QueueNamePrefix` and checked here too), in
    /// ascending order, `identifier` the queue URL. `MaxResults` is always
    /// sent, since SQS returns no `NextToken` without it. A prefix no queue
    /// name can start with lists nothing without asking.
    public func listQueues(_ request: ListResourcesRequest) async throws(CloudError) -> ResourcePage {
        let size = try ResourcePager.pageSize(request, defaultSize: Self.queuePageSize)
        let prefix = request.prefix.flatMap { $0.isEmpty ? nil : $0 }
        if let prefix, prefix.count > 80 || !prefix.allSatisfy(Self.isNameCharacter) { return ResourcePage(items: []) }
        return try await ResourcePager.page(request, kind: .queues, defaultSize: Self.queuePageSize, operation: "SQS ListQueues") {
            token throws(CloudError) in
            var body: [String: JSONValue] = ["MaxResults": .number(String(size))]
            if let prefix { body["QueueNamePrefix"] = .string(prefix) }
            if let token { body["NextToken"] = .string(token) }
            let reply = try await call("ListQueues", body)
            let queues = (reply["QueueUrls"]?.arrayValue ?? []).compactMap(\.stringValue).compactMap { url -> ResourceSummary? in
                guard let name = url.split(separator: "/").last, !name.isEmpty else { return nil }
                return ResourceSummary(name: String(name), identifier: url)
            }
            return ServicePage(items: queues, nextToken: reply["NextToken"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 })
        }
    }

    /// A character a queue name may hold (letters, digits, `-`, `_`, and `.` of `.fifo`).
    private static func isNameCharacter(_ character: Character) -> Bool {
        character.isASCII && (character.isLetter || character.isNumber || character == "-" || character == "_" || character == ".")
    }
}
