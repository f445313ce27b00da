import CloudKitModel

/// Runs a batch call one entry at a time and reports each entry's own
/// outcome, as SQS and SNS batches do. An error `stopsBatch` accepts (always
/// `cancelled`) fails the whole call instead.
enum MessageBatch {
    /// `operation` returns the entry's message id (nil when there is none to report).
    static func run<Entry>(
        _ entries: [Entry], stopsBatch: (CloudError) -> Bool = { _ in false },
        _ operation: (Entry) async throws(CloudError) -> String?
    ) async throws(CloudError) -> [BatchEntryResult] {
        guard !entries.isEmpty else { throw .invalidArgument("a batch needs at least one entry") }
        var results: [BatchEntryResult] = []
        for (index, entry) in entries.enumerated() {
            do throws(CloudError) {
                results.append(BatchEntryResult(index: index, messageID: try await operation(entry)))
            } catch {
                if error.kind == .cancelled || stopsBatch(error) { throw error }
                results.append(BatchEntryResult(index: index, error: error))
            }
        }
        return results
    }
}
