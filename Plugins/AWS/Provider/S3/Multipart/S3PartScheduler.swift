import CloudKitModel

/// Runs the parts of a multipart upload or copy: `prepare` runs part by
/// part, in order, on the calling task (reading a body must be sequential),
/// and `send` runs for at most `concurrency` parts at once — so at most
/// `concurrency` prepared parts exist at a time. The first failure cancels
/// the parts still running and is thrown once they have stopped; nothing is
/// left running when it returns.
enum S3PartScheduler {
    /// Parts 1…`count`; part number → what `send` returned (an ETag).
    static func run<Prepared: Sendable>(
        count: Int, concurrency: Int, prepare: (Int) async throws(CloudError) -> Prepared,
        send: @escaping @Sendable (Int, Prepared) async throws(CloudError) -> String
    ) async throws(CloudError) -> [Int: String] {
        try await run(
            concurrency: concurrency, prepare: { part throws(CloudError) -> Prepared? in part <= count ? try await prepare(part) : nil },
            send: send)
    }

    /// Parts 1, 2, … until `prepare` returns nil (a body of unknown length
    /// that has ended); part number → what `send` returned (an ETag).
    static func run<Prepared: Sendable>(
        concurrency: Int, prepare: (Int) async throws(CloudError) -> Prepared?,
        send: @escaping @Sendable (Int, Prepared) async throws(CloudError) -> String
    ) async throws(CloudError) -> [Int: String] {
        let outcome: Result<[Int: String], CloudError> = await withTaskGroup(of: Result<(Int, String), CloudError>.self) { group in
            var etags: [Int: String] = [:]
            var failure: CloudError?
            var running = 0
            func record(_ finished: Result<(Int, String), CloudError>) {
                running -= 1
                switch finished {
                case .success(let (part, etag)): etags[part] = etag
                case .failure(let error):
                    if failure == nil { failure = error }
                    group.cancelAll()
                }
            }
            var part = 1
            while true {
                if running >= max(concurrency, 1), let finished = await group.next() { record(finished) }
                guard failure == nil else { break }
                let prepared: Prepared
                do throws(CloudError) {
                    guard let next = try await prepare(part) else { break }
                    prepared = next
                } catch {
                    failure = error
                    group.cancelAll()
                    break
                }
                running += 1
                group.addTask { [part] in
                    do throws(CloudError) {
                        return .success((part, try await send(part, prepared)))
                    } catch {
                        return .failure(error)
                    }
                }
                part += 1
            }
            while let finished = await group.next() { record(finished) }
            if let failure { return .failure(failure) }
            if Task.isCancelled { return .failure(CloudError(.cancelled, "the transfer was cancelled")) }
            return .success(etags)
        }
        return try outcome.get()
    }
}
