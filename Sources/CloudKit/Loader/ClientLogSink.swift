import CCloudKitABI
import CloudKitABI
import Logging

/// A client's own log sink (ABI 1.5 `set_client_log`): the provider's lines
/// about one client go to the `Logger` given to `Cloud.load(logger:)`.
///
/// The provider may call it from any thread until `client_close` returns,
/// so the client handle keeps it retained until then (`retained`) and
/// releases it after.
final class ClientLogSink: Sendable {
    let logger: Logger

    init(_ logger: Logger) { self.logger = logger }

    /// Gives the sink to the provider for `client` when the provider can take
    /// one (1.5 and later), returning the retained pointer the provider
    /// holds; nil when it cannot, so its lines keep going to the library's
    /// log (`HostLogBridge`).
    static func attach(_ logger: Logger, to client: OpaquePointer, of library: ProviderLibrary) -> UnsafeMutableRawPointer? {
        guard let set = library.table.set_client_log else { return nil }
        let retained = Unmanaged.passRetained(ClientLogSink(logger)).toOpaque()
        set(client, forward, retained, HostLogBridge.abiLevel(logger.logLevel).rawValue)
        return retained
    }

    /// Releases what `attach` retained; only after `client_close` has returned.
    static func release(_ retained: UnsafeMutableRawPointer?) {
        guard let retained else { return }
        Unmanaged<ClientLogSink>.fromOpaque(retained).release()
    }

    private static let forward: @convention(c) (UnsafeMutableRawPointer?, Int32, UnsafePointer<CChar>?) -> Void = { userData, level, message in
        guard let userData, let message else { return }
        let sink = Unmanaged<ClientLogSink>.fromOpaque(userData).takeUnretainedValue()
        sink.logger.log(level: HostLogBridge.swiftLevel(ABILogLevel(clamping: level)), "\(String(cString: message))")
    }
}
