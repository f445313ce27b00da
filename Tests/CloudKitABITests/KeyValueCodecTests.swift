import CCloudKitABI
import CloudKitABI
import CloudKitModel
import Foundation
import Testing

/// The key-value codecs: what the host writes, the provider reads back the
/// same; what the provider writes as a result, the host reads back the same;
/// and a request the growth rules or the ABI forbid is refused with the right kind.
@Suite("Key-value codecs")
struct KeyValueCodecTests {
    static func n(_ text: String) throws -> AttributeValue { .number(try KVNumber(text)) }

    static func conditions() throws -> [KVCondition?] {
        [nil, .ifAbsent, .ifExists, .ifEquals(attribute: "version", value: try n("41.50")),
         .ifEquals(attribute: "tags", value: try .stringSet(["b", "a"]))]
    }

    static func sorts() throws -> [SortKeyCondition] {
        [.any, .equal(.string("a")), .less(try n("10")), .lessOrEqual(try n("-2.5")), .greater(.binary(Data([0, 1]))),
         .greaterOrEqual(.string("m")), .between(try n("1"), try n("99.125")), .beginsWith(.string("pre"))]
    }

    // MARK: Round trips

    @Test("a table spec round-trips its keys and types; NULL key types read as S")
    func tableSpec() throws {
        let arena = CArena()
        let spec = TableSpec(table: "orders", partitionKey: KeyAttribute("pk", .number), sortKey: KeyAttribute("sk", .binary))
        var c = TableSpecCodec.write(spec, arena)
        #expect(try TableSpecCodec.read(&c) == spec)
        c.partition_key_type = nil
        c.sort_key_type = nil
        #expect(try TableSpecCodec.read(&c) == TableSpec(table: "orders", partitionKey: KeyAttribute("pk"), sortKey: KeyAttribute("sk")))
        c.sort_key = nil
        #expect(try TableSpecCodec.read(&c).sortKey == nil)
    }

    @Test("put and delete round-trip their item or key and every condition", arguments: 0..<5)
    func writeRequests(conditionIndex: Int) throws {
        let arena = CArena()
        let condition = try Self.conditions()[conditionIndex]
        let put = PutItemRequest(table: "t", item: ["pk": .string("a"), "n": try Self.n("7"), "ok": .bool(true)], condition: condition)
        var c = KVWriteRequestCodec.write(put, arena)
        #expect((c.condition == nil) == (condition == nil))
        #expect(try KVWriteRequestCodec.readPut(&c) == put)
        let delete = DeleteItemRequest(table: "t", key: ["pk": .string("a")], condition: condition)
        c = KVWriteRequestCodec.write(delete, arena)
        #expect(try KVWriteRequestCodec.readDelete(&c) == delete)
    }

    @Test("a get round-trips its key and consistency")
    func getRequest() throws {
        let arena = CArena()
        for consistent in [false, true] {
            let request = GetItemRequest(table: "t", key: ["pk": .string("a"), "sk": try Self.n("3")], consistent: consistent)
            var c = GetItemRequestCodec.write(request, arena)
            #expect(try GetItemRequestCodec.read(&c) == request)
        }
    }

    @Test("an update round-trips set, remove, add and its condition; nothing to set or add travels as NULL")
    func updateRequest() throws {
        let arena = CArena()
        let full = UpdateItemRequest(
            table: "t", key: ["pk": .string("a")], set: ["name": .string("x"), "m": .map(["$ss": .null])], remove: ["old", "older"],
            add: ["count": try KVNumber("1"), "total": try KVNumber("-0.25")], condition: .ifEquals(attribute: "v", value: try Self.n("2")))
        var c = UpdateItemRequestCodec.write(full, arena)
        #expect(try UpdateItemRequestCodec.read(&c) == full)
        let bare = UpdateItemRequest(table: "t", key: ["pk": .string("a")])
        c = UpdateItemRequestCodec.write(bare, arena)
        #expect(c.set_json == nil && c.add_json == nil && c.remove_count == 0 && c.condition == nil)
        #expect(try UpdateItemRequestCodec.read(&c) == bare)
    }

    @Test("a query round-trips each sort operator with its operands, limit, order, consistency and token", arguments: 0..<8)
    func queryRequest(sortIndex: Int) throws {
        let arena = CArena()
        let sort = try Self.sorts()[sortIndex]
        let request = QueryRequest(
            table: "t", partition: .string("p"), sort: sort, limit: 25, descending: true, consistent: true, pageToken: "tok")
        var c = try QueryRequestCodec.write(request, arena)
        #expect(try QueryRequestCodec.read(&c) == request)
        if case .between = sort { #expect(c.sort_json2 != nil) } else { #expect(c.sort_json2 == nil) }
        if case .any = sort { #expect(c.sort_json == nil) }
    }

    @Test("a scan round-trips its limit and token; no limit is 0")
    func scanRequest() throws {
        let arena = CArena()
        for request in [ScanRequest(table: "t", limit: 3, pageToken: "next"), ScanRequest(table: "t")] {
            var c = try ScanRequestCodec.write(request, arena)
            #expect(c.limit == Int32(request.limit ?? 0))
            #expect(try ScanRequestCodec.read(&c) == request)
        }
    }

    @Test("a limit that is not positive is refused by the host; a negative one by the provider")
    func limits() throws {
        let arena = CArena()
        for limit in [0, -1, Int(Int32.max) + 1] {
            let error = #expect(throws: CloudError.self) { try ScanRequestCodec.write(ScanRequest(table: "t", limit: limit), arena) }
            #expect(error?.kind == .invalidArgument)
        }
        var c = try ScanRequestCodec.write(ScanRequest(table: "t"), arena)
        c.limit = -5
        let error = #expect(throws: CloudError.self) { try ScanRequestCodec.read(&c) }
        #expect(error?.kind == .invalidArgument)
        #expect(error?.message.contains("limit") == true)
    }

    @Test("a batch round-trips its table and items in order")
    func batchRequest() throws {
        let arena = CArena()
        let items: [KVItem] = [["pk": .string("b")], ["pk": .string("a"), "v": try Self.n("1")], ["pk": .binary(Data([9]))]]
        var c = KVBatchRequestCodec.write(table: "t", items: items, arena)
        let read = try KVBatchRequestCodec.read(&c, operation: "batch_put")
        #expect(read.table == "t")
        #expect(read.items == items)
        c = KVBatchRequestCodec.write(table: "t", items: [], arena)
        #expect(try KVBatchRequestCodec.read(&c, operation: "batch_get").items.isEmpty)
    }

    @Test("transact ops round-trip their kinds, tables, items and conditions")
    func transactOps() throws {
        let arena = CArena()
        let operations: [TransactOperation] = [
            .put(table: "a", item: ["pk": .string("1"), "n": try Self.n("5")], condition: nil),
            .put(table: "a", item: ["pk": .string("2")], condition: .ifAbsent),
            .delete(table: "b", key: ["pk": .string("3")], condition: .ifExists),
            .delete(table: "b", key: ["pk": .string("4")], condition: nil),
            .check(table: "c", key: ["pk": .string("5")], condition: .ifEquals(attribute: "state", value: .string("open"))),
        ]
        let (ops, count) = TransactCodec.write(operations, arena)
        #expect(count == operations.count)
        #expect(try TransactCodec.read(ops, count) == operations)
        #expect(try TransactCodec.read(nil, 0).isEmpty)
    }

    @Test("numbers cross as their exact decimal text, 38 digits and extreme exponents included")
    func exactNumbers() throws {
        let arena = CArena()
        let digits = "12345678901234567890123456789012345678"
        let texts = [digits, "-" + digits, "0.\(String(repeating: "0", count: 20))\(digits)", "1e125", "-1e-129", "0.1", "1.50"]
        var item: KVItem = ["pk": .string("k")]
        for (index, text) in texts.enumerated() { item["n\(index)"] = try Self.n(text) }
        var c = KVWriteRequestCodec.write(PutItemRequest(table: "t", item: item), arena)
        let json = String(cString: try #require(c.item_json))
        #expect(json.contains(digits))
        #expect(json.contains("\"n6\":1.5"))
        let read = try KVWriteRequestCodec.readPut(&c).item
        for index in texts.indices {
            guard case .number(let written)? = item["n\(index)"], case .number(let back)? = read["n\(index)"] else {
                Issue.record("n\(index) did not come back as a number")
                continue
            }
            #expect(back.text == written.text)
        }
        var query = try QueryRequestCodec.write(QueryRequest(table: "t", partition: try Self.n(digits), sort: .greater(try Self.n("-12.50"))), arena)
        #expect(String(cString: try #require(query.partition_json)) == digits)
        #expect(String(cString: try #require(query.sort_json)) == "-12.5")
        #expect(try QueryRequestCodec.read(&query).partition == (try Self.n(digits)))
    }

    // MARK: Results

    @Test("an item result round-trips; NULL is no item; a malformed one is internal")
    func itemResult() throws {
        let arena = CArena()
        let item: KVItem = ["pk": .string("a"), "list": .list([.null, .bool(false)]), "set": try .numberSet([try KVNumber("2"), try KVNumber("1")])]
        #expect(try KVItemResultCodec.read(KVItemResultCodec.write(item, arena)) == item)
        #expect(KVItemResultCodec.write(nil, arena) == nil)
        #expect(try KVItemResultCodec.read(nil) == nil)
        for text in ["{\"pk\":", "[1]", "{\"n\": 1e999}"] {
            let error = #expect(throws: CloudError.self) { try KVItemResultCodec.read(arena.string(text)) }
            #expect(error?.kind == .internal)
            #expect(error?.message.contains("malformed item") == true)
        }
        let invalidUTF8: [CChar] = [0x7B, -0x3D, 0x7D, 0]  // "{", a cut sequence, "}"
        let error = invalidUTF8.withUnsafeBufferPointer { buffer in
            #expect(throws: CloudError.self) { try KVItemResultCodec.read(buffer.baseAddress) }
        }
        #expect(error?.kind == .internal)
    }

    @Test("a page result round-trips its items and token; a missing array or NULL item is internal")
    func pageResult() throws {
        let arena = CArena()
        let page = ItemPage(items: [["pk": .string("a")], ["pk": .string("b"), "v": try Self.n("2")]], nextPageToken: "more")
        let (items, count, token) = ItemPageCodec.write(page, arena)
        #expect(try ItemPageCodec.read(items, count, token) == page)
        let empty = ItemPageCodec.write(ItemPage(items: [], nextPageToken: nil), arena)
        #expect(try ItemPageCodec.read(empty.items, empty.count, empty.nextPageToken) == ItemPage(items: [], nextPageToken: nil))
        let noArray = #expect(throws: CloudError.self) { try ItemPageCodec.read(nil, 2, nil) }
        #expect(noArray?.kind == .internal)
        let withHole = arena.array([arena.string("{}"), nil]).map { UnsafePointer($0) }
        let hole = #expect(throws: CloudError.self) { try ItemPageCodec.read(withHole, 2, nil) }
        #expect(hole?.kind == .internal)
    }

    // MARK: Refusals

    @Test("every request refuses a too-small struct, a non-zero unknown tail, a NULL request or field, and any option")
    func requestRefusals() throws {
        let arena = CArena()
        let key: KVItem = ["pk": .string("a")]
        try RequestRefusals(
            valid: TableSpecCodec.write(TableSpec(table: "t", partitionKey: KeyAttribute("pk")), arena), required: \.table,
            requiredName: "spec.table", options: \.options, optionCount: \.option_count, operation: "create_table",
            read: { _ = try TableSpecCodec.read($0) }
        ).check()
        try RequestRefusals(
            valid: KVWriteRequestCodec.write(PutItemRequest(table: "t", item: key, condition: .ifAbsent), arena), required: \.item_json,
            requiredName: "item_json", options: \.options, optionCount: \.option_count, operation: "put_item",
            read: { _ = try KVWriteRequestCodec.readPut($0) }
        ).check()
        try RequestRefusals(
            valid: KVWriteRequestCodec.write(DeleteItemRequest(table: "t", key: key), arena), required: \.table,
            requiredName: "table", options: \.options, optionCount: \.option_count, operation: "delete_item",
            read: { _ = try KVWriteRequestCodec.readDelete($0) }
        ).check()
        try RequestRefusals(
            valid: GetItemRequestCodec.write(GetItemRequest(table: "t", key: key), arena), required: \.key_json,
            requiredName: "key_json", options: \.options, optionCount: \.option_count, operation: "get_item",
            read: { _ = try GetItemRequestCodec.read($0) }
        ).check()
        try RequestRefusals(
            valid: UpdateItemRequestCodec.write(UpdateItemRequest(table: "t", key: key, set: ["a": .null]), arena), required: \.key_json,
            requiredName: "key_json", options: \.options, optionCount: \.option_count, operation: "update_item",
            read: { _ = try UpdateItemRequestCodec.read($0) }
        ).check()
        try RequestRefusals(
            valid: try QueryRequestCodec.write(QueryRequest(table: "t", partition: .string("p"), sort: .beginsWith(.string("x"))), arena),
            required: \.partition_json, requiredName: "partition_json", options: \.options, optionCount: \.option_count,
            operation: "query", read: { _ = try QueryRequestCodec.read($0) }
        ).check()
        try RequestRefusals(
            valid: try ScanRequestCodec.write(ScanRequest(table: "t"), arena), required: \.table, requiredName: "table",
            options: \.options, optionCount: \.option_count, operation: "scan", read: { _ = try ScanRequestCodec.read($0) }
        ).check()
        for operation in ["batch_get", "batch_put"] {
            try RequestRefusals(
                valid: KVBatchRequestCodec.write(table: "t", items: [key], arena), required: \.table, requiredName: "table",
                options: \.options, optionCount: \.option_count, operation: operation,
                read: { _ = try KVBatchRequestCodec.read($0, operation: operation) }
            ).check()
        }
    }

    @Test("a transact op and its condition refuse a too-small struct, a non-zero unknown tail and NULL where required")
    func transactRefusals() throws {
        let arena = CArena()
        let (ops, _) = TransactCodec.write([.check(table: "t", key: ["pk": .string("a")], condition: .ifEquals(attribute: "a", value: .null))], arena)
        let op = try #require(ops?[0]?.pointee)
        let condition = try #require(op.condition?.pointee)
        func refusal(_ op: ck_kv_transact_op, tail: Bool = false) -> CloudError? {
            var padded = Padded(op)
            if tail {
                padded.setSize(MemoryLayout<ck_kv_transact_op>.size + 16)
                padded.tail.1 = 1
            }
            return padded.withPointer { pointer in
                var list: [UnsafePointer<ck_kv_transact_op>?] = [pointer]
                return #expect(throws: CloudError.self) { try TransactCodec.read(&list, 1) }
            }
        }

        var small = op
        small.struct_size = ck_kv_transact_op.firstSize - 1
        #expect(refusal(small)?.kind == .invalidArgument)
        let tail = refusal(op, tail: true)
        #expect(tail?.kind == .unsupported)
        #expect(tail?.message.contains("ck_kv_transact_op") == true)
        var hollow = op
        hollow.item_json = nil
        #expect(refusal(hollow)?.message.contains("ops[0].item_json is required") == true)
        var list: [UnsafePointer<ck_kv_transact_op>?] = [nil]
        #expect((#expect(throws: CloudError.self) { try TransactCodec.read(&list, 1) })?.kind == .invalidArgument)
        #expect((#expect(throws: CloudError.self) { try TransactCodec.read(nil, 2) })?.kind == .invalidArgument)

        // The condition inside an op is read under the same rules and named by its path.
        var shortCondition = condition
        shortCondition.struct_size = ck_kv_condition.firstSize - 1
        let nested = withUnsafePointer(to: shortCondition) { pointer in
            var withCondition = op
            withCondition.condition = pointer
            return refusal(withCondition)
        }
        #expect(nested?.kind == .invalidArgument)
        #expect(nested?.message.contains("ops[0].condition") == true)
        var paddedCondition = Padded(condition)
        paddedCondition.setSize(MemoryLayout<ck_kv_condition>.size + 16)
        paddedCondition.tail.1 = 1
        let conditionTail = paddedCondition.withPointer { pointer in #expect(throws: CloudError.self) { try KVConditionCodec.read(pointer) } }
        #expect(conditionTail?.kind == .unsupported)
        #expect(conditionTail?.message.contains("ck_kv_condition") == true)
        var noValue = condition
        noValue.value_json = nil
        let missing = #expect(throws: CloudError.self) { try KVConditionCodec.read(&noValue) }
        #expect(missing?.message.contains("condition.value_json is required") == true)
    }

    @Test("a condition of an unknown kind is refused; CK_KV_ALWAYS and NULL are no condition")
    func conditionKinds() throws {
        let arena = CArena()
        var strange = try #require(KVConditionCodec.write(.ifExists, arena)).pointee
        strange.kind = 9
        #expect((#expect(throws: CloudError.self) { try KVConditionCodec.read(&strange) })?.kind == .invalidArgument)
        var always = ck_kv_condition()
        always.struct_size = MemoryLayout<ck_kv_condition>.size
        #expect(try KVConditionCodec.read(&always) == nil)
        #expect(try KVConditionCodec.read(nil) == nil)
    }

    @Test("values outside the enums are refused: sort operator, transact kind, a check without a condition, add of a non-number")
    func enumRefusals() throws {
        let arena = CArena()
        var query = try QueryRequestCodec.write(QueryRequest(table: "t", partition: .string("p")), arena)
        query.sort_op = 8
        #expect((#expect(throws: CloudError.self) { try QueryRequestCodec.read(&query) })?.kind == .invalidArgument)
        query.sort_op = Int32(CK_KV_SORT_BETWEEN.rawValue)
        query.sort_json = arena.string("1")
        let missing = #expect(throws: CloudError.self) { try QueryRequestCodec.read(&query) }
        #expect(missing?.message.contains("sort_json2") == true)

        let (ops, _) = TransactCodec.write([.check(table: "t", key: ["pk": .string("a")], condition: .ifExists)], arena)
        var op = try #require(ops?[0]?.pointee)
        op.condition = nil
        var list: [UnsafePointer<ck_kv_transact_op>?] = [nil]
        let unchecked = withUnsafePointer(to: op) { pointer in
            list[0] = pointer
            return #expect(throws: CloudError.self) { try TransactCodec.read(&list, 1) }
        }
        #expect(unchecked?.message.contains("without a condition") == true)
        op.kind = 7
        let kind = withUnsafePointer(to: op) { pointer in
            list[0] = pointer
            return #expect(throws: CloudError.self) { try TransactCodec.read(&list, 1) }
        }
        #expect(kind?.kind == .invalidArgument)

        var update = UpdateItemRequestCodec.write(UpdateItemRequest(table: "t", key: ["pk": .string("a")]), arena)
        update.add_json = arena.string("{\"count\": \"one\"}")
        let add = #expect(throws: CloudError.self) { try UpdateItemRequestCodec.read(&update) }
        #expect(add?.message.contains("add_json.count") == true)
    }
}
