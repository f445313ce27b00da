import CloudKitModel

extension ABIInput {
    /// The `count` elements of a borrowed C array, each read by `element`
    /// with its name (`field[index]`); a NULL array with a count is
    /// `invalid argument` naming `field`.
    public static func list<Element, Value>(
        _ pointer: UnsafePointer<Element>?, _ count: Int, _ field: String,
        _ element: (Element, String) throws(CloudError) -> Value
    ) throws(CloudError) -> [Value] {
        guard count > 0 else { return [] }
        guard let pointer else { throw .invalidArgument("\(field) is NULL but its count is \(count)") }
        var result: [Value] = []
        result.reserveCapacity(count)
        for index in 0..<count { result.append(try element(pointer[index], "\(field)[\(index)]")) }
        return result
    }
}
