import Foundation

/// What a running sync reports, as it happens.
public enum SyncEvent: Sendable, Hashable {
    /// An action finished.
    case done(SyncAction)
    /// A path failed (the others carry on).
    case failed(SyncFailure)
}

/// Carries out a `SyncPlan` between two sides through one object storage,
/// at most `jobs` actions at a time. A failed action is reported and counted
/// and the others still run; nothing is retried here (the provider retries
/// what can be). Downloads go through the storage's file sink, which writes
/// a hidden temporary beside the file and renames it over the file only when
/// complete; the file then gets the object's last-modified time.
public struct SyncRunner: Sendable {
    public let storage: any ObjectStorage
    public let source: SyncEndpoint
    public let destination: SyncEndpoint
    public let jobs: Int

    public init(storage: any ObjectStorage, source: SyncEndpoint, destination: SyncEndpoint, jobs: Int) {
        self.storage = storage
        self.source = source
        self.destination = destination
        self.jobs = jobs
    }

    /// Runs every action of `plan` (refusals count as failures) and reports each through `events`.
    public func run(_ plan: SyncPlan, events: @escaping @Sendable (SyncEvent) -> Void = { _ in }) async -> SyncSummary {
        var initial = SyncSummary()
        initial.skipped = plan.skipped
        let tally = SyncTally(initial, events: events)
        for refusal in plan.refusals { tally.fail(SyncFailure(kind: nil, path: refusal.path, error: refusal.error)) }
        await BoundedConcurrency.forEach(plan.actions, limit: jobs) { action in
            await tally.attempt(action) { () throws(CloudError) in try await perform(action) }
        }
        return tally.finish()
    }

    /// Does one action.
    public func perform(_ action: SyncAction) async throws(CloudError) {
        switch (action.kind, source, destination) {
        case (.upload, .folder(let root), .bucket(let bucket, let prefix)):
            _ = try await storage.putObject(PutObjectRequest(
                bucket: bucket, key: prefix + action.path, body: .file(path: LocalFolder.path(root, action.path)),
                contentType: ContentTypes.guess(for: action.path)))
        case (.download, .bucket(let bucket, let prefix), .folder(let root)):
            let file = try LocalFolderWriter.prepare(root: root, relative: action.path)
            let result = try await storage.getObject(GetObjectRequest(bucket: bucket, key: prefix + action.path, sink: .file(path: file)))
            if let modified = action.modified ?? result.info.lastModified { try LocalFolderWriter.setModified(file, to: modified) }
        case (.copy, .bucket(let sourceBucket, let sourcePrefix), .bucket(let bucket, let prefix)):
            _ = try await storage.copyObject(CopyObjectRequest(
                sourceBucket: sourceBucket, sourceKey: sourcePrefix + action.path, bucket: bucket, key: prefix + action.path))
        case (.delete, _, .folder(let root)):
            try LocalFolderWriter.remove(LocalFolder.path(root, action.path))
        case (.delete, _, .bucket(let bucket, let prefix)):
            try await storage.deleteObject(bucket: bucket, key: prefix + action.path)
        default:
            throw CloudError(.internal, "a \(action.kind.rawValue) from \(source) to \(destination) is not a sync action")
        }
    }
}
