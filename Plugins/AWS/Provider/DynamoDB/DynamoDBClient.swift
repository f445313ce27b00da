import AWSAuth
import AWSHTTP
import CloudKitModel
import CloudKitProviderSupport
import Foundation

/// Key-value tables on Amazon DynamoDB (JSON 1.0 protocol, SigV4),
/// implementing `KeyValueStore`.
///
/// Tables are created on demand billing. Key schemas are learnt from
/// `DescribeTable` once per table and cached (conditions and key conditions
/// need the key names). Endpoint: `endpoint_url` option, else
/// `AWS_ENDPOINT_URL_DYNAMODB`, else `AWS_ENDPOINT_URL`, else the region's.
public final class DynamoDBClient: KeyValueStore {
    let service: AWSJSONService
    let schemas = DynamoDBSchemaCache()
    /// How long create/delete table wait for the table to become usable/gone.
    let tableWaitLimit: Double = 300

    public init(configuration: AWSConfiguration, transport: CurlTransport, credentials: any CredentialProvider, logger: ProviderLogger) throws(CloudError) {
        service = AWSJSONService(sender: AWSServiceSender(
            name: "DynamoDB", signingName: "dynamodb",
            endpoint: try ServiceEndpoint(configuration: configuration, service: "DynamoDB", hostPrefix: "dynamodb"),
            configuration: configuration, transport: transport, credentials: credentials, logger: logger), targetPrefix: "DynamoDB_20120810")
    }

    /// Calls an operation; a missing table makes the cache forget it.
    func call(_ operation: String, table: String? = nil, _ body: [String: JSONValue], idempotent: Bool = true) async throws(CloudError) -> JSONValue {
        do {
            return try await service.call(operation, .object(body), idempotent: idempotent, mapError: DynamoDBErrors.error(from:))
        } catch {
            if error.kind == .notFound, let table { schemas.forget(table) }
            throw error
        }
    }

    // MARK: Tables

    public func createTable(_ spec: TableSpec) async throws(CloudError) {
        try KVKeys.validateTable(spec.table)
        try KVKeys.validateAttributeName(spec.partitionKey.name, "partition key")
        var definitions: [JSONValue] = [.object(["AttributeName": .string(spec.partitionKey.name), "AttributeType": .string(spec.partitionKey.type.rawValue)])]
        var schema: [JSONValue] = [.object(["AttributeName": .string(spec.partitionKey.name), "KeyType": .string("HASH")])]
        if let sort = spec.sortKey {
            try KVKeys.validateAttributeName(sort.name, "sort key")
            guard sort.name != spec.partitionKey.name else { throw .invalidArgument("the sort key must differ from the partition key") }
            definitions.append(.object(["AttributeName": .string(sort.name), "AttributeType": .string(sort.type.rawValue)]))
            schema.append(.object(["AttributeName": .string(sort.name), "KeyType": .string("RANGE")]))
        }
        _ = try await call("CreateTable", [
            "TableName": .string(spec.table), "AttributeDefinitions": .array(definitions), "KeySchema": .array(schema),
            "BillingMode": .string("PAY_PER_REQUEST"),
        ])
        schemas.set(spec)
        try await waitForTable(spec.table, exists: true)
    }

    public func deleteTable(_ table: String) async throws(CloudError) {
        try KVKeys.validateTable(table)
        _ = try await call("DeleteTable", table: table, ["TableName": .string(table)])
        schemas.forget(table)
        try await waitForTable(table, exists: false)
    }

    /// Polls `DescribeTable` until the table is ACTIVE (or gone), as the SDKs' waiters do.
    func waitForTable(_ table: String, exists: Bool) async throws(CloudError) {
        let started = Date()
        var pause = 0.2
        while true {
            do {
                let reply = try await call("DescribeTable", ["TableName": .string(table)])
                if exists, reply["Table"]?["TableStatus"]?.stringValue == "ACTIVE" { return }
            } catch where error.kind == .notFound {
                if !exists { return }
            }
            guard Date().timeIntervalSince(started) < tableWaitLimit else {
                throw CloudError(.timeout, "table '\(table)' did not become \(exists ? "active" : "deleted") within \(Int(tableWaitLimit)) s")
            }
            try? await Task.sleep(nanoseconds: UInt64(pause * 1_000_000_000))
            if Task.isCancelled { throw CloudError(.cancelled, "the operation was cancelled") }
            pause = min(pause * 2, 5)
        }
    }

    /// The table's key schema, from the cache or `DescribeTable`.
    func schema(_ table: String) async throws(CloudError) -> TableSpec {
        try KVKeys.validateTable(table)
        if let spec = schemas.get(table) { return spec }
        let reply = try await call("DescribeTable", table: table, ["TableName": .string(table)])
        var types: [String: KeyType] = [:]
        for definition in reply["Table"]?["AttributeDefinitions"]?.arrayValue ?? [] {
            if let name = definition["AttributeName"]?.stringValue, let type = definition["AttributeType"]?.stringValue {
                types[name] = try? KeyType(parsing: type)
            }
        }
        var partition: KeyAttribute?
        var sort: KeyAttribute?
        for element in reply["Table"]?["KeySchema"]?.arrayValue ?? [] {
            guard let name = element["AttributeName"]?.stringValue else { continue }
            let attribute = KeyAttribute(name, types[name] ?? .string)
            if element["KeyType"]?.stringValue == "HASH" { partition = attribute } else { sort = attribute }
        }
        guard let partition else { throw .internal("DescribeTable for '\(table)' returned no partition key") }
        let spec = TableSpec(table: table, partitionKey: partition, sortKey: sort)
        schemas.set(spec)
        return spec
    }

    // MARK: Items

    public func putItem(_ request: PutItemRequest) async throws(CloudError) {
        let spec = try await schema(request.table)
        try spec.validateKeyAttributes(of: request.item)
        var body: [String: JSONValue] = ["TableName": .string(request.table), "Item": DynamoDBValues.wire(request.item)]
        applyCondition(request.condition, spec, to: &body)
        _ = try await call("PutItem", table: request.table, body)
    }

    public func getItem(_ request: GetItemRequest) async throws(CloudError) -> KVItem? {
        let spec = try await schema(request.table)
        try spec.validateKey(request.key)
        let reply = try await call("GetItem", table: request.table, [
            "TableName": .string(request.table), "Key": DynamoDBValues.wire(request.key), "ConsistentRead": .bool(request.consistent),
        ])
        guard let item = reply["Item"] else { return nil }
        return try DynamoDBValues.item(item)
    }

    public func deleteItem(_ request: DeleteItemRequest) async throws(CloudError) {
        let spec = try await schema(request.table)
        try spec.validateKey(request.key)
        var body: [String: JSONValue] = ["TableName": .string(request.table), "Key": DynamoDBValues.wire(request.key)]
        applyCondition(request.condition, spec, to: &body)
        _ = try await call("DeleteItem", table: request.table, body)
    }

    public func updateItem(_ request: UpdateItemRequest) async throws(CloudError) -> KVItem {
        let spec = try await schema(request.table)
        try spec.validateKey(request.key)
        try request.validate(keyNames: spec.keyNames)
        var expression = DynamoDBExpression()
        var clauses: [String] = []
        if !request.set.isEmpty {
            let assignments = request.set.sorted { $0.key < $1.key }.map { "\(expression.name($0.key)) = \(expression.value($0.value))" }
            clauses.append("SET " + assignments.joined(separator: ", "))
        }
        if !request.remove.isEmpty {
            clauses.append("REMOVE " + request.remove.map { expression.name($0) }.joined(separator: ", "))
        }
        if !request.add.isEmpty {
            let additions = request.add.sorted { $0.key < $1.key }.map { "\(expression.name($0.key)) \(expression.value(.number($0.value)))" }
            clauses.append("ADD " + additions.joined(separator: ", "))
        }
        var body: [String: JSONValue] = [
            "TableName": .string(request.table), "Key": DynamoDBValues.wire(request.key), "ReturnValues": .string("ALL_NEW"),
        ]
        if !clauses.isEmpty { body["UpdateExpression"] = .string(clauses.joined(separator: " ")) }
        if let condition = request.condition {
            body["ConditionExpression"] = .string(expression.condition(condition, partitionKey: spec.partitionKey.name))
        }
        expression.apply(to: &body)
        // Adding to a number twice counts twice: such an update is sent again only when it surely never ran.
        let reply = try await call("UpdateItem", table: request.table, body, idempotent: request.add.isEmpty)
        guard let attributes = reply["Attributes"] else { return request.key }
        return try DynamoDBValues.item(attributes)
    }

    /// Adds `ConditionExpression` and its placeholders for `condition`.
    func applyCondition(_ condition: KVCondition?, _ spec: TableSpec, to body: inout [String: JSONValue]) {
        guard let condition else { return }
        var expression = DynamoDBExpression()
        body["ConditionExpression"] = .string(expression.condition(condition, partitionKey: spec.partitionKey.name))
        expression.apply(to: &body)
    }
}
