import CCloudKitABI

/// `ck_log_level`: what the host asks for and what a provider logs at.
public enum ABILogLevel: Int32, Sendable, Comparable {
    case trace = 0, debug, info, warning, error

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The level of a raw value; anything above `error` is `error`, below `trace` is `trace`.
    public init(clamping raw: Int32) {
        self = ABILogLevel(rawValue: min(max(raw, 0), 4)) ?? .error
    }
}
