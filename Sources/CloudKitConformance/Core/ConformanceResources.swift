import CloudKit
import Foundation

/// Resources a case makes through its client, each removed again when the case ends.
extension ConformanceContext {
    /// A new bucket named after `label`; emptied and deleted at the end.
    public func bucket(_ label: String) async throws -> String {
        let bucket = name(label)
        try await cloud.storage.createBucket(bucket)
        let storage = cloud.storage
        onCleanup {
            for object in try await storage.allObjects(bucket: bucket).collect() {
                try? await storage.deleteObject(bucket: bucket, key: object.key)
            }
            try await storage.deleteBucket(bucket)
        }
        return bucket
    }

    /// A new table named after `label` with partition key `pk` (string) and
    /// sort key `sk` of `sortType` (none when nil); deleted at the end.
    public func table(_ label: String, sortType: KeyType? = .string) async throws -> String {
        try await table(TableSpec(table: name(label), partitionKey: KeyAttribute("pk"), sortKey: sortType.map { KeyAttribute("sk", $0) }))
    }

    /// A new table as `spec` describes it; deleted at the end.
    public func table(_ spec: TableSpec) async throws -> String {
        try await cloud.kv.createTable(spec)
        let kv = cloud.kv
        onCleanup { try await kv.deleteTable(spec.table) }
        return spec.table
    }

    /// The name for a queue or topic made from `label` (ending in `.fifo` when `fifo`).
    public func messagingName(_ label: String, fifo: Bool = false) -> String {
        name(label) + (fifo ? ".fifo" : "")
    }

    /// A new queue as `spec` describes it; returns its URL; deleted at the end.
    @discardableResult
    public func queue(_ spec: QueueSpec) async throws -> String {
        let url = try await cloud.queues.createQueue(spec)
        let queues = cloud.queues
        onCleanup { try await queues.deleteQueue(spec.name) }
        return url
    }

    /// A new topic as `spec` describes it; returns its ARN; deleted at the end.
    @discardableResult
    public func topic(_ spec: TopicSpec) async throws -> String {
        let arn = try await cloud.pubsub.createTopic(spec)
        let pubsub = cloud.pubsub
        onCleanup { try await pubsub.deleteTopic(spec.name) }
        return arn
    }

    /// A new empty folder on this machine; removed at the end.
    public func temporaryFolder() throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        onCleanup { try FileManager.default.removeItem(at: url) }
        return url.path
    }
}
