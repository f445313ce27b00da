#if canImport(Glibc)
import Glibc
#endif
import CCloudKitABI
import CloudKitCInterop
import CloudKitModel
import Synchronization

/// Builds, once per library, the `ck_provider` table that
/// `cloudkit_provider_init` returns, from a Swift `ProviderDefinition`.
///
/// The table and everything it points at are allocated once and never freed:
/// they must stay valid while the library is loaded, and providers are never
/// unloaded.
public enum ProviderTable {
    private struct Registration: @unchecked Sendable {
        var table: UnsafeMutablePointer<ck_provider>
        var definition: any ProviderDefinition.Type
        var logger: ProviderLogger
    }

    private static let registration = Mutex<Registration?>(nil)

    /// The table for `definition`; `host` (borrowed) gives the log callback.
    /// Safe to call more than once; later calls return the same table.
    public static func make(for definition: any ProviderDefinition.Type, host: UnsafePointer<ck_host>?) -> UnsafePointer<ck_provider> {
        let table: UncheckedSendable<UnsafeMutablePointer<ck_provider>> = registration.withLock { registration in
            if let existing = registration { return UncheckedSendable(existing.table) }
            let logger = hostLogger(host)
            let table = UnsafeMutablePointer<ck_provider>.allocate(capacity: 1)
            table.initialize(to: ck_provider(
                struct_size: MemoryLayout<ck_provider>.size,
                abi_major: UInt32(CK_ABI_VERSION_MAJOR),
                abi_minor: UInt32(CK_ABI_VERSION_MINOR),
                name: permanent(definition.name),
                version: permanent(definition.version),
                description: permanent(definition.summary),
                options: optionTable(definition.options),
                option_count: definition.options.count,
                client_open: clientOpen,
                client_close: clientClose,
                storage: StorageTable.table,
                kv: KVTable.table,
                queue: QueueTable.table,
                pubsub: PubSubTable.table,
                functions: FunctionsTable.table,
                identity: identity,
                cancel: cancel))
            registration = Registration(table: table, definition: definition, logger: logger)
            return UncheckedSendable(table)
        }
        return UnsafePointer(table.value)
    }

    private static func hostLogger(_ host: UnsafePointer<ck_host>?) -> ProviderLogger {
        guard let host, host.pointee.struct_size >= MemoryLayout<ck_host>.size else { return .silent }
        let level = ProviderLogLevel(rawValue: host.pointee.log_level) ?? .info
        return ProviderLogger(sink: host.pointee.log, userData: host.pointee.log_user_data, minimumLevel: level)
    }

    private static func permanent(_ text: String) -> UnsafePointer<CChar>? {
        strdup(text).map { UnsafePointer($0) }
    }

    private static func optionTable(_ options: [ProviderOption]) -> UnsafePointer<UnsafePointer<ck_option_info>?>? {
        guard !options.isEmpty else { return nil }
        let list = UnsafeMutablePointer<UnsafePointer<ck_option_info>?>.allocate(capacity: options.count)
        for (index, option) in options.enumerated() {
            let info = UnsafeMutablePointer<ck_option_info>.allocate(capacity: 1)
            info.initialize(to: ck_option_info(
                struct_size: MemoryLayout<ck_option_info>.size, key: permanent(option.key),
                description: permanent(option.description)))
            (list + index).initialize(to: UnsafePointer(info))
        }
        return UnsafePointer(list)
    }

    /// Parses and checks options, then opens a client (synchronously; `done` fires before return).
    static func open(_ pairs: [(String, String)]) throws(CloudError) -> OpaquePointer {
        guard let current = registration.withLock({ $0 }) else {
            throw .internal("cloudkit_provider_init was not called before client_open")
        }
        let accepted = Set(current.definition.options.map(\.key))
        var options: [String: String] = [:]
        for (key, value) in pairs {
            guard accepted.contains(key) else {
                let known = current.definition.options.map(\.key).sorted().joined(separator: ", ")
                throw .invalidArgument("unknown option '\(key)' for provider \(current.definition.name) (accepted: \(known))")
            }
            guard options[key] == nil else { throw .invalidArgument("option '\(key)' is given twice") }
            options[key] = value
        }
        let client = try current.definition.open(options: options, logger: current.logger)
        return ClientBox(client: client).retainedHandle()
    }
}

private let clientOpen: @convention(c) (UnsafePointer<ck_pair>?, Int, ck_open_fn?, UnsafeMutableRawPointer?) -> Void = {
    pairs, count, done, userData in
    guard let done else { return }
    let arena = CArena()
    do throws(CloudError) {
        let handle = try ProviderTable.open(try CInput.pairs(pairs, count, "options"))
        done(userData, CStatus.ok(arena), handle)
    } catch {
        done(userData, CStatus.failure(error, arena), nil)
    }
}

private let clientClose: @convention(c) (OpaquePointer?) -> Void = { client in
    guard let client else { return }
    let box = Unmanaged<ClientBox>.fromOpaque(UnsafeRawPointer(client))
    box.takeUnretainedValue().close()
    box.release()
}

private let identity: @convention(c) (OpaquePointer?, ck_string_fn?, UnsafeMutableRawPointer?) -> Void = { client, done, userData in
    let captured = UncheckedSendable((done, userData))
    ProviderCall.start(client, key: userData, parse: { () throws(CloudError) in () },
                       operation: { box, _ throws(CloudError) in try await box.client.identity().text },
                       deliver: { result in MessageCValues.deliverString(captured.value.0, captured.value.1, result) })
}

/// Cancels the client's calls started with `userData` (ABI 1.2).
private let cancel: @convention(c) (OpaquePointer?, UnsafeMutableRawPointer?) -> Void = { client, userData in
    ClientBox.from(client)?.cancel(key: UInt(bitPattern: userData))
}
