import CCloudKitABI
import CloudKitABI
import CloudKitModel
import Synchronization

/// Log levels, as `ck_log_level`.
public typealias ProviderLogLevel = ABILogLevel

/// A host's log callback, its user data and the least level it wants: where
/// a provider's lines go (`ck_host.log`, or a client's sink set with
/// `ck_provider.set_client_log`, ABI 1.5).
public struct ProviderLogSink: @unchecked Sendable {
    // The host keeps the callback's user data valid while the sink may be used
    // (the library's while it is loaded, a client's until client_close returns).
    let callback: ck_log_fn?
    let userData: UnsafeMutableRawPointer?
    let minimumLevel: ProviderLogLevel

    public init(callback: ck_log_fn?, userData: UnsafeMutableRawPointer?, minimumLevel: ProviderLogLevel) {
        self.callback = callback
        self.userData = userData
        self.minimumLevel = minimumLevel
    }

    /// Drops every line.
    public static let silent = ProviderLogSink(callback: nil, userData: nil, minimumLevel: .error)

    func wants(_ level: ProviderLogLevel) -> Bool { callback != nil && level >= minimumLevel }

    func write(_ level: ProviderLogLevel, _ message: String) {
        guard let callback else { return }
        message.withCString { callback(userData, level.rawValue, $0) }
    }
}

/// Where one client's lines go now; the host may move them once the client
/// is open (`set_client_log`), so every copy of the client's
/// `ProviderLogger` shares one route.
final class ProviderLogRoute: Sendable {
    private let current: Locked<ProviderLogSink>
    /// The least level the current sink writes (`Int32.max`: none), read
    /// without the lock, so a line nobody wants costs no lock: every call
    /// logs a trace line that is usually filtered out.
    private let least: Atomic<Int32>

    init(_ sink: ProviderLogSink) {
        current = Locked(sink)
        least = Atomic(Self.least(of: sink))
    }

    var sink: ProviderLogSink { current.withLock { $0 } }

    /// Whether the current sink writes a line at `level` (a line being
    /// written while the sink is replaced may still go to the old one).
    func wants(_ level: ProviderLogLevel) -> Bool { level.rawValue >= least.load(ordering: .relaxed) }

    func redirect(to sink: ProviderLogSink) {
        current.withLock { current in
            current = sink
            least.store(Self.least(of: sink), ordering: .relaxed)
        }
    }

    private static func least(of sink: ProviderLogSink) -> Int32 {
        sink.callback == nil ? Int32.max : sink.minimumLevel.rawValue
    }
}

/// Sends a provider's log lines to the host: to the client's own sink when
/// the host set one (ABI 1.5 `set_client_log`), else to `ck_host.log`.
/// Copies share the route, so a component given the logger when the client
/// opened follows a later redirect.
///
/// Never pass secrets (secret keys, session tokens, signatures) to it.
public struct ProviderLogger: Sendable {
    let route: ProviderLogRoute

    /// A logger writing to `sink` until it is redirected.
    public init(_ sink: ProviderLogSink) { route = ProviderLogRoute(sink) }

    /// A logger writing to `callback` with `userData` from `minimumLevel` up.
    public init(sink callback: ck_log_fn?, userData: UnsafeMutableRawPointer?, minimumLevel: ProviderLogLevel) {
        self.init(ProviderLogSink(callback: callback, userData: userData, minimumLevel: minimumLevel))
    }

    /// A logger that drops everything (for tests).
    public static var silent: ProviderLogger { ProviderLogger(.silent) }

    /// The least level that is written now.
    public var minimumLevel: ProviderLogLevel { route.sink.minimumLevel }

    /// Whether a line at `level` would be written now (to skip building costly ones).
    public func wants(_ level: ProviderLogLevel) -> Bool { route.wants(level) }

    public func log(_ level: ProviderLogLevel, _ message: @autoclosure () -> String) {
        guard route.wants(level) else { return }
        let sink = route.sink
        guard sink.wants(level) else { return }
        sink.write(level, message())
    }

    public func trace(_ message: @autoclosure () -> String) { log(.trace, message()) }
    public func debug(_ message: @autoclosure () -> String) { log(.debug, message()) }
    public func info(_ message: @autoclosure () -> String) { log(.info, message()) }
    public func warning(_ message: @autoclosure () -> String) { log(.warning, message()) }
}
