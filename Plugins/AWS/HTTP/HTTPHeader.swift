/// One HTTP header field as sent or received. Names compare case-insensitively
/// through `HTTPHeaders` helpers; order is kept as given.
public struct HTTPHeader: Sendable, Hashable {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

extension Array where Element == HTTPHeader {
    /// The first value of the header `name` (case-insensitive), or nil.
    public func first(named name: String) -> String? {
        let lower = name.lowercased()
        return first { $0.name.lowercased() == lower }?.value
    }
}
