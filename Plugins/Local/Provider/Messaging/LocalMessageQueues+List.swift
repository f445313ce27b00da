import CloudKitModel

extension LocalMessageQueues {
    /// One page of the queues: names with `request.prefix`, in ascending
    /// order (see `ResourcePaging`), `identifier` the queue's
    /// `local://queues/<name>` URL.
    public func listQueues(_ request: ListResourcesRequest) async throws(CloudError) -> ResourcePage {
        let paging = try ResourcePaging(request, kind: .queues)
        return try await perform { pool async throws(CloudError) in
            try await pool.read { database throws(CloudError) in
                var queues: [ResourceSummary] = []
                let query = paging.candidatesQuery(table: "mq_queues")
                try database.query(query.sql, query.values) { row throws(CloudError) in
                    queues.append(ResourceSummary(name: row.text(0), identifier: MessagingNames.queueURL(row.text(0))))
                }
                return paging.page(queues)
            }
        }
    }
}
