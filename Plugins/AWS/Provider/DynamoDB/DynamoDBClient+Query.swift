import CloudKitModel

extension DynamoDBClient {
    public func query(_ request: QueryRequest) async throws(CloudError) -> ItemPage {
        let spec = try await schema(request.table)
        try checkLimit(request.limit)
        guard spec.partitionKey.type.matches(request.partition) else {
            throw .invalidArgument("the partition value must be of type \(spec.partitionKey.type.rawValue), not \(request.partition.typeName)")
        }
        var expression = DynamoDBExpression()
        var condition = "\(expression.name(spec.partitionKey.name)) = \(expression.value(request.partition))"
        if let sortCondition = try sortKeyExpression(request.sort, spec, &expression) {
            condition += " AND " + sortCondition
        }
        var body: [String: JSONValue] = [
            "TableName": .string(request.table), "KeyConditionExpression": .string(condition),
            "ScanIndexForward": .bool(!request.descending), "ConsistentRead": .bool(request.consistent),
        ]
        expression.apply(to: &body)
        try applyPaging(request.limit, request.pageToken, to: &body)
        return try page(try await call("Query", table: request.table, body))
    }

    public func scan(_ request: ScanRequest) async throws(CloudError) -> ItemPage {
        try KVKeys.validateTable(request.table)
        try checkLimit(request.limit)
        var body: [String: JSONValue] = ["TableName": .string(request.table)]
        try applyPaging(request.limit, request.pageToken, to: &body)
        return try page(try await call("Scan", table: request.table, body))
    }

    func checkLimit(_ limit: Int?) throws(CloudError) {
        if let limit, !(1...KVLimits.pageLimit).contains(limit) {
            throw .invalidArgument("limit must be between 1 and \(KVLimits.pageLimit)")
        }
    }

    func applyPaging(_ limit: Int?, _ token: String?, to body: inout [String: JSONValue]) throws(CloudError) {
        if let limit { body["Limit"] = .number(String(limit)) }
        if let token { body["ExclusiveStartKey"] = DynamoDBValues.wire(try KVPageToken.decode(token)) }
    }

    func page(_ reply: JSONValue) throws(CloudError) -> ItemPage {
        var items: [KVItem] = []
        for item in reply["Items"]?.arrayValue ?? [] { items.append(try DynamoDBValues.item(item)) }
        let next = try reply["LastEvaluatedKey"].map { (key) throws(CloudError) in KVPageToken.encode(try DynamoDBValues.item(key)) }
        return ItemPage(items: items, nextPageToken: next)
    }

    /// The sort part of a key condition, or nil for `.any`.
    func sortKeyExpression(_ sort: SortKeyCondition, _ spec: TableSpec, _ expression: inout DynamoDBExpression) throws(CloudError) -> String? {
        if case .any = sort { return nil }
        guard let sortKey = spec.sortKey else { throw .invalidArgument("table '\(spec.table)' has no sort key to filter on") }
        func operand(_ value: AttributeValue) throws(CloudError) -> String {
            guard sortKey.type.matches(value) else {
                throw .invalidArgument("the sort value must be of type \(sortKey.type.rawValue), not \(value.typeName)")
            }
            return expression.value(value)
        }
        let name = expression.name(sortKey.name)
        switch sort {
        case .any: return nil
        case .equal(let value): return "\(name) = \(try operand(value))"
        case .less(let value): return "\(name) < \(try operand(value))"
        case .lessOrEqual(let value): return "\(name) <= \(try operand(value))"
        case .greater(let value): return "\(name) > \(try operand(value))"
        case .greaterOrEqual(let value): return "\(name) >= \(try operand(value))"
        case .between(let low, let high):
            guard !KVOrdering.less(high, low) else { throw .invalidArgument("between needs its lower bound first") }
            return "\(name) BETWEEN \(try operand(low)) AND \(try operand(high))"
        case .beginsWith(let prefix):
            guard sortKey.type != .number else { throw .invalidArgument("begins_with needs a string or binary sort key") }
            return "begins_with(\(name), \(try operand(prefix)))"
        }
    }
}
