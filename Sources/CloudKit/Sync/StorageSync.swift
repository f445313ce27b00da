/// A sync between two sides through one object storage: lists both sides
/// and plans (`SyncPlanner`); `SyncRunner` then carries the plan out.
///
/// ```swift
/// let sync = try StorageSync(storage: cloud.storage, source: .parse("site"), destination: .parse("ck://www"))
/// let plan = try await sync.plan(SyncOptions(delete: true))
/// let summary = await sync.runner(jobs: 8).run(plan)
/// ```
public struct StorageSync: Sendable {
    public let storage: any ObjectStorage
    public let source: SyncEndpoint
    public let destination: SyncEndpoint
    public let direction: SyncDirection

    /// Refuses two folders (nothing for cloudkit to do) and two overlapping
    /// places in one bucket (a sync would read what it writes).
    public init(storage: any ObjectStorage, source: SyncEndpoint, destination: SyncEndpoint) throws(CloudError) {
        switch (source, destination) {
        case (.folder, .folder):
            throw CloudError(.invalidArgument, "both sides are local folders; one must be a bucket, written \(SyncEndpoint.scheme)BUCKET[/PREFIX]")
        case (.folder, .bucket):
            direction = .upload
        case (.bucket, .folder):
            direction = .download
        case (.bucket(let from, let fromPrefix), .bucket(let to, let toPrefix)):
            if from == to, fromPrefix.hasPrefix(toPrefix) || toPrefix.hasPrefix(fromPrefix) {
                throw CloudError(.invalidArgument, "\(source) and \(destination) overlap; sync between separate prefixes or buckets")
            }
            direction = .copy
        }
        self.storage = storage
        self.source = source
        self.destination = destination
    }

    /// Lists both sides and plans. What the source listing passed over
    /// (links, special files) is in the result's `notes`; what it could not
    /// read is among its refusals.
    public func plan(_ options: SyncOptions) async throws(CloudError) -> PlannedSync {
        let from = try await list(source, missingIsEmpty: false)
        let to = try await list(destination, missingIsEmpty: true)
        var plan = SyncPlanner.plan(source: from.entries, destination: to.entries, direction: direction, options: options)
        plan.refusals = from.failures.filter { options.filter.includes($0.path) } + plan.refusals
        return PlannedSync(plan: plan, notes: from.notes)
    }

    /// A runner for this sync's plans.
    public func runner(jobs: Int) -> SyncRunner {
        SyncRunner(storage: storage, source: source, destination: destination, jobs: jobs)
    }

    private func list(_ side: SyncEndpoint, missingIsEmpty: Bool) async throws(CloudError) -> LocalListing {
        switch side {
        case .folder(let path):
            return try LocalFolder.list(path, missingIsEmpty: missingIsEmpty)
        case .bucket(let bucket, let prefix):
            var listing = LocalListing()
            for try await object in storage.allObjects(bucket: bucket, prefix: prefix.isEmpty ? nil : prefix) {
                listing.entries.append(SyncEntry(
                    path: String(object.key.utf8.dropFirst(prefix.utf8.count)) ?? object.key, size: object.size,
                    modified: object.lastModified, etag: object.etag))
            }
            return listing
        }
    }
}

/// A plan, and what the source listing passed over (one note each).
public struct PlannedSync: Sendable, Hashable {
    public var plan: SyncPlan
    public var notes: [String]

    public init(plan: SyncPlan, notes: [String] = []) {
        self.plan = plan
        self.notes = notes
    }
}
