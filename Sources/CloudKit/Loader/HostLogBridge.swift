import CCloudKitABI
import Logging

/// Forwards providers' log lines to swift-log under the label `cloudkit.provider`.
enum HostLogBridge {
    static let logger = Logger(label: "cloudkit.provider")

    /// The `ck_host` every provider is initialised with.
    static var host: ck_host {
        ck_host(
            struct_size: MemoryLayout<ck_host>.size, abi_major: UInt32(CK_ABI_VERSION_MAJOR),
            abi_minor: UInt32(CK_ABI_VERSION_MINOR), log: forward, log_user_data: nil,
            log_level: abiLevel(logger.logLevel))
    }

    private static func abiLevel(_ level: Logger.Level) -> Int32 {
        switch level {
        case .trace: 0
        case .debug: 1
        case .info, .notice: 2
        case .warning: 3
        case .error, .critical: 4
        }
    }

    private static let forward: @convention(c) (UnsafeMutableRawPointer?, Int32, UnsafePointer<CChar>?) -> Void = { _, level, message in
        guard let message else { return }
        let text = String(cString: message)
        let swiftLevel: Logger.Level =
            switch level {
            case 0: .trace
            case 1: .debug
            case 2: .info
            case 3: .warning
            default: .error
            }
        HostLogBridge.logger.log(level: swiftLevel, "\(text)")
    }
}
