import CloudKit
import Foundation

/// The local provider's workloads through the Swift API, one call at a
/// time in a fresh root, as `bench/C/cloudkit_local.c` runs them through
/// the C ABI and `bench/C/local_floor.c` without cloudkit (their shared
/// definition: `bench/C/local_workloads.h`).
enum LocalWorkload: String, CaseIterable, Sendable {
    case storagePut = "storage-put"
    case storageGet = "storage-get"
    case storageList = "storage-list"
    case kvPut = "kv-put"
    case kvGet = "kv-get"
    case kvQuery = "kv-query"
    case queueSend = "queue-send"
    case queueReceive = "queue-receive"

    static let objectSize = 4096
    static let items = 100
    static let message = "a small message of some sixty-four bytes, as a job queue carries"
    /// "000000" to "000099", made once: Foundation's `String(format:)` costs
    /// microseconds a call, more than a local get itself (the C host's
    /// `snprintf` costs next to nothing).
    static let sortKeys = (0..<items).map { index in
        let digits = String(index)
        return String(repeating: "0", count: 6 - digits.count) + digits
    }

    /// Puts first write every key; receives take only what was sent; the rest warm up on a few calls.
    var warmUp: Int {
        switch self {
        case .storagePut, .kvPut: Self.items
        case .queueReceive: 0
        default: 8
        }
    }

    func call(_ index: Int, _ cloud: Cloud, _ body: Data) async throws {
        let sortKey = Self.sortKeys[index % Self.items]
        switch self {
        case .storagePut:
            _ = try await cloud.storage.putObject(PutObjectRequest(bucket: "bench", key: "obj/\(sortKey)", body: .bytes(body)))
        case .storageGet:
            let read = try await cloud.storage.getObject(GetObjectRequest(bucket: "bench", key: "obj/\(sortKey)"))
            guard read.data?.count == Self.objectSize else { throw CloudError(.internal, "get obj/\(sortKey): wrong size") }
        case .storageList:
            _ = try await cloud.storage.listObjects(ListObjectsRequest(bucket: "bench", prefix: "obj/"))
        case .kvPut:
            let item: KVItem = [
                "pk": .string("p"), "sk": .string(sortKey),
                "body": .string("a small item of a key-value table, some sixty-four bytes long.."),
            ]
            try await cloud.kv.putItem(PutItemRequest(table: "bench", item: item))
        case .kvGet:
            guard try await cloud.kv.getItem(GetItemRequest(table: "bench", key: ["pk": .string("p"), "sk": .string(sortKey)])) != nil else {
                throw CloudError(.internal, "kv get \(sortKey): missing")
            }
        case .kvQuery:
            _ = try await cloud.kv.query(QueryRequest(table: "bench", partition: .string("p"), limit: Self.items))
        case .queueSend:
            _ = try await cloud.queues.send(SendMessageRequest(queue: "bench", body: Self.message))
        case .queueReceive:
            guard try await !cloud.queues.receive(ReceiveRequest(queue: "bench")).isEmpty else {
                throw CloudError(.internal, "a receive found the queue empty")
            }
        }
    }
}

enum LocalWorkloads {
    /// `cloudkit-bench local --root DIR --seconds S --max N [--only WORKLOAD]`;
    /// with `--only` (`kv-get`, say: for a profile), the other workloads only warm up.
    static func run(_ arguments: Arguments) async throws {
        let only = arguments.values.contains("--only") ? arguments.string("--only", "") : nil
        if let only, LocalWorkload(rawValue: only) == nil {
            throw CloudError(.invalidArgument, "--only takes one of \(LocalWorkload.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let cloud = try await Cloud.load(provider: "local", options: ["root": arguments.string("--root", "")])
        try await cloud.storage.createBucket("bench")
        try await cloud.kv.createTable(TableSpec(table: "bench", partitionKey: KeyAttribute("pk"), sortKey: KeyAttribute("sk")))
        _ = try await cloud.queues.createQueue(QueueSpec(name: "bench"))
        let body = Data(patternBody(LocalWorkload.objectSize))
        let seconds = arguments.double("--seconds", 1)
        let most = arguments.int("--max", 100_000)
        var sent = 0
        for workload in LocalWorkload.allCases {
            let call: @Sendable (Int) async throws -> Void = { index in try await workload.call(index, cloud, body) }
            _ = try await runInFlight(1, .warmUp(workload.warmUp), call)
            if workload == .queueSend { sent += workload.warmUp }
            if let only, only != workload.rawValue { continue }  // warmed up only: a later workload may need its data
            let budget = Budget(seconds: seconds, max: workload == .queueReceive ? min(sent, most) : most)
            let done = try await runInFlight(1, budget, call)
            if workload == .queueSend { sent += done }
            Figure.emit("local:\(workload.rawValue)", budget.rate(done), "ops/s")
        }
        await cloud.close()
    }
}
