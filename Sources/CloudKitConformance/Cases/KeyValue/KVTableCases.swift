import CloudKit

/// Tables: their lifecycle and listing, and inputs that do not fit a table's keys.
enum KVTableCases {
    static let all = [listTables, tableLifecycle, badInput]

    static let listTables = ConformanceCase(
        .kv, "list-tables", "tables list by prefix, in pages of 2, in ascending order",
        needs: .on(.kv, "create_table", "delete_table", "list_tables")
    ) { context in
        let names = [context.name("b"), context.name("a"), context.name("c")]
        for name in names { _ = try await context.table(TableSpec(table: name, partitionKey: KeyAttribute("pk"))) }
        let listed = try await context.cloud.kv.allTables(prefix: context.prefix, pageSize: 2).collect()
        try expectEqual(listed.map(\.name), names.sorted(), "tables under the prefix")
    }

    static let tableLifecycle = ConformanceCase(
        .kv, "table-lifecycle",
        "creating a table twice is already-exists; a deleted table is not found; a table name too short is invalid argument",
        needs: .on(.kv, "create_table", "delete_table", "put_item", "get_item")
    ) { context in
        let kv = context.cloud.kv
        let spec = TableSpec(table: context.name("life"), partitionKey: KeyAttribute("id", .number))
        _ = try await context.table(spec)
        try await expectError(.alreadyExists, "second create of a table") { try await kv.createTable(spec) }
        try await kv.putItem(PutItemRequest(table: spec.table, item: ["id": try KVCases.number("1")]))
        try await kv.deleteTable(spec.table)
        try await expectError(.notFound, "delete of a deleted table") { try await kv.deleteTable(spec.table) }
        try await expectError(.notFound, "get from a deleted table") {
            try await kv.getItem(GetItemRequest(table: spec.table, key: ["id": try KVCases.number("1")]))
        }
        try await expectError(.invalidArgument, "create of table x") { try await kv.createTable(TableSpec(table: "x", partitionKey: KeyAttribute("id"))) }
    }

    static let badInput = ConformanceCase(
        .kv, "bad-input", "a key of the wrong type, a missing or extra key attribute are invalid arguments; a missing table is not found",
        needs: .on(.kv, "create_table", "put_item", "get_item")
    ) { context in
        let kv = context.cloud.kv
        let table = try await context.table("bad", sortType: .number)
        try await expectError(.invalidArgument, "put with a string for a number sort key") {
            try await kv.putItem(PutItemRequest(table: table, item: ["pk": .string("p"), "sk": .string("not a number")]))
        }
        try await expectError(.invalidArgument, "put without the sort key") { try await kv.putItem(PutItemRequest(table: table, item: ["pk": .string("p")])) }
        try await expectError(.invalidArgument, "get with an attribute beyond the key") {
            try await kv.getItem(GetItemRequest(table: table, key: ["pk": .string("p"), "sk": try KVCases.number("1"), "x": .null]))
        }
        try await expectError(.notFound, "put into a missing table") {
            try await kv.putItem(PutItemRequest(table: context.name("missing-table"), item: ["pk": .string("p")]))
        }
    }
}
