import CCloudKitABI
import CloudKitABI

/// Log levels, as `ck_log_level`.
public typealias ProviderLogLevel = ABILogLevel

/// Sends a provider's log lines to the host's `ck_log_fn`.
///
/// Never pass secrets (secret keys, session tokens, signatures) to it.
public struct ProviderLogger: @unchecked Sendable {
    // The host guarantees the callback and its user data outlive the loaded library.
    private let sink: ck_log_fn?
    private let userData: UnsafeMutableRawPointer?
    public let minimumLevel: ProviderLogLevel

    public init(sink: ck_log_fn?, userData: UnsafeMutableRawPointer?, minimumLevel: ProviderLogLevel) {
        self.sink = sink
        self.userData = userData
        self.minimumLevel = minimumLevel
    }

    /// A logger that drops everything (for tests).
    public static let silent = ProviderLogger(sink: nil, userData: nil, minimumLevel: .error)

    public func log(_ level: ProviderLogLevel, _ message: @autoclosure () -> String) {
        guard let sink, level >= minimumLevel else { return }
        message().withCString { sink(userData, level.rawValue, $0) }
    }

    public func debug(_ message: @autoclosure () -> String) { log(.debug, message()) }
    public func info(_ message: @autoclosure () -> String) { log(.info, message()) }
    public func warning(_ message: @autoclosure () -> String) { log(.warning, message()) }
}
