import CloudKit

/// Every key-value case, in the order a run reports them.
enum KVCases {
    static let all: [ConformanceCase] = KVTableCases.all + KVItemCases.all + KVQueryCases.all + KVBatchCases.all

    /// A number attribute (decimal text, exact).
    static func number(_ text: String) throws -> AttributeValue { .number(try KVNumber(text)) }

    /// The string values of `attribute` in `items` ("?" for another type).
    static func strings(_ items: [KVItem], _ attribute: String) -> [String] {
        items.compactMap { $0[attribute] }.map { value in if case .string(let text) = value { text } else { "?" } }
    }
}
