import CloudKitModel

/// The `limit` of a query or scan: 0 in C means the provider's own page
/// size, nil in Swift.
public enum KVPageLimit {
    /// Host side: 0 for none; a limit that is not positive or does not fit
    /// an `int32_t` is `invalid argument`.
    public static func write(_ limit: Int?) throws(CloudError) -> Int32 {
        guard let limit else { return 0 }
        guard limit > 0, limit <= Int(Int32.max) else { throw .invalidArgument("limit must be positive") }
        return Int32(limit)
    }

    /// Provider side: nil for 0; a negative limit is `invalid argument` naming `field`.
    public static func read(_ value: Int32, _ field: String = "limit") throws(CloudError) -> Int? {
        guard value != 0 else { return nil }
        guard value > 0 else { throw .invalidArgument("\(field) must not be negative") }
        return Int(value)
    }
}
