import CloudKitModel

/// Listing topics (SNS `ListTopics`), paged as every resource listing is (see `ResourcePager`).
extension SNSClient {
    /// SNS's own page size (it takes none from the caller).
    static let topicPageSize = 100

    /// One page of the account's topics in this region: names with
    /// `request.prefix` (filtered here: SNS takes no prefix), in ascending
    /// order, `identifier` the topic ARN.
    public func listTopics(_ request: ListResourcesRequest) async throws(CloudError) -> ResourcePage {
        try await ResourcePager.page(request, kind: .topics, defaultSize: Self.topicPageSize, operation: "SNS ListTopics") {
            token throws(CloudError) in
            let result = try await service.call("ListTopics", token.map { [("NextToken", $0)] } ?? [])
            let topics = (result.child("Topics")?.all("member") ?? []).compactMap { member -> ResourceSummary? in
                guard let arn = member.text("TopicArn"), let name = arn.split(separator: ":").last, !name.isEmpty else { return nil }
                return ResourceSummary(name: String(name), identifier: arn)
            }
            return ServicePage(items: topics, nextToken: result.text("NextToken").flatMap { $0.isEmpty ? nil : $0 })
        }
    }
}
