import CloudKitModel
import Foundation

/// `AttributeValue` ↔ DynamoDB's wire form (`{"S": "x"}`, `{"N": "1.5"}`, …).
/// Numbers travel as strings on the wire, so their digits are never at risk.
enum DynamoDBValues {
    static func wire(_ value: AttributeValue) -> JSONValue {
        switch value {
        case .string(let text): .object(["S": .string(text)])
        case .number(let number): .object(["N": .string(number.text)])
        case .bool(let flag): .object(["BOOL": .bool(flag)])
        case .null: .object(["NULL": .bool(true)])
        case .binary(let data): .object(["B": .string(data.base64EncodedString())])
        case .list(let list): .object(["L": .array(list.map(wire))])
        case .map(let map): .object(["M": wire(map)])
        case .strings(let members): .object(["SS": .array(members.map { .string($0) })])
        case .numbers(let members): .object(["NS": .array(members.map { .string($0.text) })])
        case .binaries(let members): .object(["BS": .array(members.map { .string($0.base64EncodedString()) })])
        }
    }

    static func wire(_ item: KVItem) -> JSONValue {
        .object(item.mapValues(wire))
    }

    /// Reads an item from the wire; anything malformed is `internal` (the service broke the protocol).
    static func item(_ json: JSONValue) throws(CloudError) -> KVItem {
        guard case .object(let members) = json else { throw .internal("DynamoDB sent an item that is not an object") }
        var item: KVItem = [:]
        for (name, member) in members { item[name] = try value(member) }
        return item
    }

    static func value(_ json: JSONValue) throws(CloudError) -> AttributeValue {
        guard case .object(let members) = json, members.count == 1, let (type, inner) = members.first else {
            throw .internal("DynamoDB sent a malformed attribute value")
        }
        do throws(CloudError) {
            switch (type, inner) {
            case ("S", .string(let text)): return .string(text)
            case ("N", _):
                guard let text = inner.numberText else { break }
                return .number(try KVNumber(text))
            case ("BOOL", .bool(let flag)): return .bool(flag)
            case ("NULL", _): return .null
            case ("B", .string(let text)): return .binary(try base64(text))
            case ("L", .array(let elements)):
                var list: [AttributeValue] = []
                for element in elements { list.append(try value(element)) }
                return .list(list)
            case ("M", .object):
                return .map(try item(inner))
            case ("SS", .array(let elements)):
                return try .stringSet(try elements.map { (element) throws(CloudError) -> String in
                    guard let text = element.stringValue else { throw .internal("SS member is not a string") }
                    return text
                })
            case ("NS", .array(let elements)):
                return try .numberSet(try elements.map { (element) throws(CloudError) -> KVNumber in
                    guard let text = element.numberText else { throw .internal("NS member is not a number") }
                    return try KVNumber(text)
                })
            case ("BS", .array(let elements)):
                return try .binarySet(try elements.map { (element) throws(CloudError) -> Data in
                    guard let text = element.stringValue else { throw .internal("BS member is not base64") }
                    return try base64(text)
                })
            default: break
            }
        } catch {
            throw .internal("DynamoDB sent a malformed \(type) value: \(error.message)")
        }
        throw .internal("DynamoDB sent an attribute of unknown type \(type)")
    }

    private static func base64(_ text: String) throws(CloudError) -> Data {
        guard let data = Data(base64Encoded: text) else { throw .internal("not base64") }
        return data
    }
}
