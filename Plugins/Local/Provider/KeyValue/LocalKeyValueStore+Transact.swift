import CloudKitModel

extension LocalKeyValueStore {
    /// Runs 1...`KVLimits.transactionOperations` operations, at most one per
    /// item, all or none: every condition is checked inside one
    /// `BEGIN IMMEDIATE` transaction before anything is written. When one
    /// fails, nothing is written and the error is `precondition failed`
    /// (`TransactionCanceledException`) with `detailsJSON`
    /// `{"index":N,"reason":"ConditionalCheckFailed"}` naming the first failing operation.
    public func transact(_ operations: [TransactOperation]) async throws(CloudError) {
        try await perform { pool async throws(CloudError) in
            guard (1...KVLimits.transactionOperations).contains(operations.count) else {
                throw .invalidArgument("a transaction holds 1 to \(KVLimits.transactionOperations) operations, not \(operations.count)")
            }
            for operation in operations {
                try KVKeys.validateTable(operation.table)
                try ConditionEvaluator.validate(operation.condition)
            }
            try await pool.write { database throws(CloudError) in
                let steps = try Self.prepare(operations, KVTableCatalog(database: database))
                let rows = KVItemRows(database: database)
                for (index, step) in steps.enumerated() where step.condition != nil {
                    guard ConditionEvaluator.holds(step.condition, on: try rows.item(step.table, step.key)) else {
                        throw Self.cancelled(at: index)
                    }
                }
                for step in steps {
                    switch step.write {
                    case .put(let text): try rows.put(step.table, step.key, text)
                    case .delete: try rows.delete(step.table, step.key)
                    case .none: break
                    }
                }
            }
        }
    }

    /// One validated operation of a transaction.
    private struct TransactStep {
        enum Write {
            case put(String)
            case delete
            case none
        }

        var table: String
        var key: EncodedKey
        var condition: KVCondition?
        var write: Write
    }

    /// Validates every operation against its table; `invalid argument` when two touch one item.
    private static func prepare(_ operations: [TransactOperation], _ catalog: KVTableCatalog) throws(CloudError) -> [TransactStep] {
        var specs: [String: TableSpec] = [:]
        var seen: Set<[UInt8]> = []
        var steps: [TransactStep] = []
        for operation in operations {
            let spec: TableSpec
            if let known = specs[operation.table] {
                spec = known
            } else {
                spec = try catalog.require(operation.table)
                specs[operation.table] = spec
            }
            let step: TransactStep
            switch operation {
            case .put(let table, let item, let condition):
                let (key, text) = try ItemValidation.prepare(item, for: spec)
                step = TransactStep(table: table, key: key, condition: condition, write: .put(text))
            case .delete(let table, let key, let condition):
                step = TransactStep(table: table, key: try KeyEncoding.encode(key: key, of: spec), condition: condition, write: .delete)
            case .check(let table, let key, let condition):
                step = TransactStep(table: table, key: try KeyEncoding.encode(key: key, of: spec), condition: condition, write: .none)
            }
            guard seen.insert(identity(step)).inserted else {
                throw .invalidArgument("Transaction request cannot include multiple operations on one item")
            }
            steps.append(step)
        }
        return steps
    }

    /// Table name and key as one value, unambiguous (lengths prefix each part).
    private static func identity(_ step: TransactStep) -> [UInt8] {
        var bytes: [UInt8] = []
        for part in [Array(step.table.utf8), step.key.partition, step.key.sort] {
            let count = UInt32(part.count)
            bytes += [UInt8(count >> 24), UInt8((count >> 16) & 0xFF), UInt8((count >> 8) & 0xFF), UInt8(count & 0xFF)]
            bytes += part
        }
        return bytes
    }

    static func cancelled(at index: Int) -> CloudError {
        CloudError(
            .preconditionFailed, "the transaction was cancelled: operation \(index) failed its condition",
            code: "TransactionCanceledException", detailsJSON: "{\"index\":\(index),\"reason\":\"ConditionalCheckFailed\"}")
    }
}

extension TransactOperation {
    /// The operation's condition (a check's is required).
    var condition: KVCondition? {
        switch self {
        case .put(_, _, let condition), .delete(_, _, let condition): condition
        case .check(_, _, let condition): condition
        }
    }
}
