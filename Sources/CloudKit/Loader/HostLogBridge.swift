import CCloudKitABI
import CloudKitABI
import Logging

/// Forwards providers' log lines to swift-log under the label `cloudkit.provider`.
enum HostLogBridge {
    static let logger = Logger(label: "cloudkit.provider")

    /// The `ck_host` every provider is initialised with.
    static var host: ck_host {
        var host = ck_host()
        host.struct_size = MemoryLayout<ck_host>.size
        host.abi_major = UInt32(CK_ABI_VERSION_MAJOR)
        host.abi_minor = UInt32(CK_ABI_VERSION_MINOR)
        host.log = forward
        host.log_level = abiLevel(logger.logLevel).rawValue
        return host
    }

    static func abiLevel(_ level: Logger.Level) -> ABILogLevel {
        switch level {
        case .trace: .trace
        case .debug: .debug
        case .info, .notice: .info
        case .warning: .warning
        case .error, .critical: .error
        }
    }

    static func swiftLevel(_ level: ABILogLevel) -> Logger.Level {
        switch level {
        case .trace: .trace
        case .debug: .debug
        case .info: .info
        case .warning: .warning
        case .error: .error
        }
    }

    private static let forward: @convention(c) (UnsafeMutableRawPointer?, Int32, UnsafePointer<CChar>?) -> Void = { _, level, message in
        guard let message else { return }
        HostLogBridge.logger.log(level: swiftLevel(ABILogLevel(clamping: level)), "\(String(cString: message))")
    }
}
