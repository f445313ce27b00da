/// Runs work on many items with at most a fixed number in flight, in one
/// task group (a task per item while it runs, never a thread per item):
/// the first `limit` items start at once, and each one that finishes lets
/// the next start.
public enum BoundedConcurrency {
    /// Runs `body` for every element of `elements`, at most `limit` at a time, and returns when all are done.
    public static func forEach<Element: Sendable>(
        _ elements: some Sequence<Element>, limit: Int, _ body: @escaping @Sendable (Element) async -> Void
    ) async {
        let all = Array(elements)
        try? await forEach(Paginated { _ throws(CloudError) in (all, nil) }, limit: limit, body)
    }

    /// Runs `body` for every element of a paged listing as the pages come,
    /// at most `limit` at a time; a failure to fetch a page stops the
    /// listing, lets what started finish, and is thrown.
    public static func forEach<Element: Sendable>(
        _ elements: Paginated<Element>, limit: Int, _ body: @escaping @Sendable (Element) async -> Void
    ) async throws(CloudError) {
        let failure: CloudError? = await withTaskGroup(of: Void.self) { group in
            var running = 0
            var iterator = elements.makeAsyncIterator()
            do throws(CloudError) {
                while let element = try await iterator.next() {
                    if running >= max(1, limit) {
                        await group.next()
                        running -= 1
                    }
                    group.addTask { await body(element) }
                    running += 1
                }
            } catch {
                return error
            }
            return nil
        }
        if let failure { throw failure }
    }
}
