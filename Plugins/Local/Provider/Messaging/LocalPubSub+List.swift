import CloudKitModel

extension LocalPubSub {
    /// One page of the topics: names with `request.prefix`, in ascending
    /// order (see `ResourcePaging`), `identifier` the topic's ARN.
    public func listTopics(_ request: ListResourcesRequest) async throws(CloudError) -> ResourcePage {
        let paging = try ResourcePaging(request, kind: .topics)
        return try await perform { pool async throws(CloudError) in
            try await pool.read { database throws(CloudError) in
                var topics: [ResourceSummary] = []
                let query = paging.candidatesQuery(table: "ps_topics")
                try database.query(query.sql, query.values) { row throws(CloudError) in
                    topics.append(ResourceSummary(name: row.text(0), identifier: MessagingNames.topicARN(row.text(0))))
                }
                return paging.page(topics)
            }
        }
    }
}
