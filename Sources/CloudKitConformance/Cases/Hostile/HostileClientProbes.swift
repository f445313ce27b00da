@_spi(RawABI) import CloudKit
import CCloudKitABI

/// Hostile calls of the provider's own entries that take a client.
enum HostileClientProbes {
    static func run(_ board: HostileBoard, _ abi: RawABI) {
        board.call("identity NULL client", abi.provider.identity) { $0(nil, HostileCallbacks.string, $1) }
        board.call("capabilities NULL client", abi.provider.capabilities) { $0(nil, HostileCallbacks.string, $1) }
        // Cancelling with a NULL client, or a user_data never given, is a no-op: no completion, no crash.
        abi.provider.cancel?(nil, nil)
        abi.provider.cancel?(abi.client, UnsafeMutableRawPointer(bitPattern: 0x7))
    }
}
