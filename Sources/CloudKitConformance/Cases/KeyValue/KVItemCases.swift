import CloudKit

/// Items: exact round trips, conditions on writes, and updates.
enum KVItemCases {
    static let all = [typeRoundTrip, conditionalPut, conditionalDelete, update]

    static let typeRoundTrip = ConformanceCase(
        .kv, "type-round-trip", "every attribute type round-trips exactly, a 38-digit number included; a missing item is nil",
        needs: .on(.kv, "create_table", "put_item", "get_item")
    ) { context in
        let kv = context.cloud.kv
        let table = try await context.table("types")
        let item = try KVJSON.item(#"""
            {"pk":"p","sk":"s","big":12345678901234567890123456789012345678,"neg":-0.000001,"t":true,"f":false,"nil":null,
             "list":[1,"two",{"three":3}],"map":{"nested":{"deep":[true]}},"bin":{"$b64":"AAEC/w=="},
             "ss":{"$ss":["x","y"]},"ns":{"$ns":[1,2.5]},"bs":{"$bs":["AQ=="]},"text":"héllo \n \"quoted\""}
            """#)
        try await kv.putItem(PutItemRequest(table: table, item: item))
        let got = try await kv.getItem(GetItemRequest(table: table, key: ["pk": .string("p"), "sk": .string("s")], consistent: true))
        try expectEqual(got, item, "the item read back")
        try expectEqual(try await kv.getItem(GetItemRequest(table: table, key: ["pk": .string("p"), "sk": .string("other")])), nil, "a missing item")
    }

    static let conditionalPut = ConformanceCase(
        .kv, "conditional-put", "puts if absent, if equal and if existing: a failed condition is precondition failed and changes nothing",
        needs: .on(.kv, "create_table", "put_item", "get_item")
    ) { context in
        let kv = context.cloud.kv
        let table = try await context.table("cond")
        let key: KVItem = ["pk": .string("a"), "sk": .string("1")]
        func version(_ text: String) throws -> KVItem { key.merging(["v": try KVCases.number(text)]) { $1 } }
        func stored() async throws -> AttributeValue? { try await kv.getItem(GetItemRequest(table: table, key: key, consistent: true))?["v"] }
        try await kv.putItem(PutItemRequest(table: table, item: try version("1"), condition: .ifAbsent))
        try await expectError(.preconditionFailed, "put if absent over an existing item") {
            try await kv.putItem(PutItemRequest(table: table, item: try version("2"), condition: .ifAbsent))
        }
        try await expectError(.preconditionFailed, "put if v equals 9 when v is 1") {
            try await kv.putItem(PutItemRequest(table: table, item: try version("2"), condition: .ifEquals(attribute: "v", value: try KVCases.number("9"))))
        }
        try expectEqual(try await stored(), try KVCases.number("1"), "v after refused puts")
        try await kv.putItem(PutItemRequest(table: table, item: try version("2"), condition: .ifEquals(attribute: "v", value: try KVCases.number("1.0"))))
        try expectEqual(try await stored(), try KVCases.number("2"), "v after a put if v equals 1.0")
        try await kv.putItem(PutItemRequest(table: table, item: try version("2"), condition: .ifExists))
        try await expectError(.preconditionFailed, "put if existing of a missing item") {
            try await kv.putItem(PutItemRequest(table: table, item: ["pk": .string("a"), "sk": .string("none")], condition: .ifExists))
        }
    }

    static let conditionalDelete = ConformanceCase(
        .kv, "conditional-delete", "a delete whose condition fails changes nothing; deleting an absent item succeeds",
        needs: .on(.kv, "create_table", "put_item", "get_item", "delete_item")
    ) { context in
        let kv = context.cloud.kv
        let table = try await context.table("del")
        let key: KVItem = ["pk": .string("a"), "sk": .string("1")]
        try await kv.putItem(PutItemRequest(table: table, item: key.merging(["state": .string("open")]) { $1 }))
        try await expectError(.preconditionFailed, "delete if state is closed when it is open") {
            try await kv.deleteItem(DeleteItemRequest(table: table, key: key, condition: .ifEquals(attribute: "state", value: .string("closed"))))
        }
        try expect(try await kv.getItem(GetItemRequest(table: table, key: key, consistent: true)) != nil, "a refused delete removed the item")
        try await kv.deleteItem(DeleteItemRequest(table: table, key: key, condition: .ifEquals(attribute: "state", value: .string("open"))))
        try expectEqual(try await kv.getItem(GetItemRequest(table: table, key: key, consistent: true)), nil, "the item after its delete")
        try await kv.deleteItem(DeleteItemRequest(table: table, key: key))
    }

    static let update = ConformanceCase(
        .kv, "update", "update sets, removes and adds atomically, creating the item when absent, exact to 38 digits; keys cannot change",
        needs: .on(.kv, "create_table", "update_item")
    ) { context in
        let kv = context.cloud.kv
        let table = try await context.table("upd")
        let key: KVItem = ["pk": .string("u"), "sk": .string("1")]
        let created = try await kv.updateItem(UpdateItemRequest(table: table, key: key, set: ["name": .string("n")], add: ["count": try KVNumber("5")]))
        try expectEqual(created, key.merging(["name": .string("n"), "count": try KVCases.number("5")]) { $1 }, "the item an update created")
        let updated = try await kv.updateItem(UpdateItemRequest(
            table: table, key: key, set: ["tags": try .stringSet(["a"])], remove: ["name"], add: ["count": try KVNumber("0.5")],
            condition: .ifEquals(attribute: "count", value: try KVCases.number("5"))))
        try expectEqual(updated, key.merging(["tags": try .stringSet(["a"]), "count": try KVCases.number("5.5")]) { $1 }, "the updated item")
        try await expectError(.preconditionFailed, "update if count equals 5 when it is 5.5") {
            try await kv.updateItem(UpdateItemRequest(table: table, key: key, set: ["x": .null], condition: .ifEquals(attribute: "count", value: try KVCases.number("5"))))
        }
        try await expectError(.invalidArgument, "update that sets the sort key") {
            try await kv.updateItem(UpdateItemRequest(table: table, key: key, set: ["sk": .string("2")]))
        }
        let big = try await kv.updateItem(UpdateItemRequest(table: table, key: key, add: ["total": try KVNumber("12345678901234567890123456789012345000")]))
        try expectEqual(big["total"], try KVCases.number("12345678901234567890123456789012345000"), "a 38-digit total")
        let bigger = try await kv.updateItem(UpdateItemRequest(table: table, key: key, add: ["total": try KVNumber("78")]))
        try expectEqual(bigger["total"], try KVCases.number("12345678901234567890123456789012345078"), "the total after adding 78")
    }
}
