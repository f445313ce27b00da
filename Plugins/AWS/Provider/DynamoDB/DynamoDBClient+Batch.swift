import CloudKitModel
import Foundation

extension DynamoDBClient {
    /// DynamoDB's per-request limits.
    static let batchGetLimit = 100
    static let batchWriteLimit = 25
    /// Rounds of re-sending unprocessed keys/items before giving up with `throttled`.
    static let unprocessedRounds = 8

    public func batchGet(table: String, keys: [KVItem]) async throws(CloudError) -> [KVItem] {
        guard !keys.isEmpty else { return [] }
        let spec = try await schema(table)
        for key in keys { try spec.validateKey(key) }
        try spec.checkDistinctKeys(keys, "batch get")
        var found: [KVItem: KVItem] = [:]
        var start = 0
        while start < keys.count {
            let chunk = Array(keys[start..<min(start + Self.batchGetLimit, keys.count)])
            var pending: [JSONValue] = chunk.map(DynamoDBValues.wire)
            var round = 0
            while !pending.isEmpty {
                let reply = try await call("BatchGetItem", table: table, [
                    "RequestItems": .object([table: .object(["Keys": .array(pending)])]),
                ])
                for wire in reply["Responses"]?[table]?.arrayValue ?? [] {
                    let item = try DynamoDBValues.item(wire)
                    if let key = spec.key(of: item) { found[key] = item }
                }
                pending = reply["UnprocessedKeys"]?[table]?["Keys"]?.arrayValue ?? []
                round += 1
                if !pending.isEmpty { try await backOff(round, "batch get", table) }
            }
            start += Self.batchGetLimit
        }
        return keys.compactMap { found[$0] }
    }

    public func batchPut(table: String, items: [KVItem]) async throws(CloudError) {
        guard !items.isEmpty else { return }
        let spec = try await schema(table)
        for item in items { try spec.validateKeyAttributes(of: item) }
        try spec.checkDistinctKeys(items, "batch put")
        var start = 0
        while start < items.count {
            let chunk = items[start..<min(start + Self.batchWriteLimit, items.count)]
            var pending: [JSONValue] = chunk.map { .object(["PutRequest": .object(["Item": DynamoDBValues.wire($0)])]) }
            var round = 0
            while !pending.isEmpty {
                let reply = try await call("BatchWriteItem", table: table, ["RequestItems": .object([table: .array(pending)])])
                pending = reply["UnprocessedItems"]?[table]?.arrayValue ?? []
                round += 1
                if !pending.isEmpty { try await backOff(round, "batch put", table) }
            }
            start += Self.batchWriteLimit
        }
    }

    /// Waits before re-sending unprocessed work (exponential, full jitter), or gives up.
    func backOff(_ round: Int, _ operation: String, _ table: String) async throws(CloudError) {
        guard round < Self.unprocessedRounds else {
            throw CloudError(.throttled, "\(operation) on '\(table)': DynamoDB left items unprocessed after \(round) rounds", retryable: true)
        }
        let ceiling = min(5.0, 0.05 * pow(2, Double(round)))
        try? await Task.sleep(nanoseconds: UInt64(Double.random(in: 0...ceiling) * 1_000_000_000))
        if Task.isCancelled { throw CloudError(.cancelled, "the operation was cancelled") }
    }

    public func transact(_ operations: [TransactOperation]) async throws(CloudError) {
        guard (1...KVLimits.transactionOperations).contains(operations.count) else {
            throw .invalidArgument("a transaction holds 1 to \(KVLimits.transactionOperations) operations, not \(operations.count)")
        }
        var seen = Set<[String: AttributeValue]>()
        var transactItems: [JSONValue] = []
        for (index, operation) in operations.enumerated() {
            let spec = try await schema(operation.table)
            var body: [String: JSONValue] = ["TableName": .string(operation.table)]
            let key: KVItem?
            let condition: KVCondition?
            let kind: String
            switch operation {
            case .put(_, let item, let putCondition):
                try spec.validateKeyAttributes(of: item, "operation \(index)")
                body["Item"] = DynamoDBValues.wire(item)
                (key, condition, kind) = (spec.key(of: item), putCondition, "Put")
            case .delete(_, let deleteKey, let deleteCondition):
                try spec.validateKey(deleteKey, "operation \(index)")
                body["Key"] = DynamoDBValues.wire(deleteKey)
                (key, condition, kind) = (deleteKey, deleteCondition, "Delete")
            case .check(_, let checkKey, let checkCondition):
                try spec.validateKey(checkKey, "operation \(index)")
                body["Key"] = DynamoDBValues.wire(checkKey)
                (key, condition, kind) = (checkKey, checkCondition, "ConditionCheck")
            }
            var identity = key ?? [:]
            identity["\u{0}table"] = .string(operation.table)
            guard seen.insert(identity).inserted else {
                throw .invalidArgument("operation \(index) touches an item another operation of the transaction touches")
            }
            applyCondition(condition, spec, to: &body)
            transactItems.append(.object([kind: .object(body)]))
        }
        // The token makes a retried request idempotent on DynamoDB's side.
        _ = try await call("TransactWriteItems", [
            "TransactItems": .array(transactItems), "ClientRequestToken": .string(UUID().uuidString),
        ])
    }
}
