#if canImport(Glibc)
import Glibc
#endif
import CCloudKitABI
import CloudKitABI
import CloudKitModel
import CProviderPin
import Synchronization

/// Builds the `ck_provider` table that `cloudkit_provider_init` returns,
/// from a Swift `ProviderDefinition`: one table per host minor version, so a
/// host never sees a member or table entry newer than its header (rule 2d).
///
/// The tables and everything they point at are allocated once and never
/// freed: they must stay valid while the library is loaded, and a provider
/// library pins itself on its first `make` (RTLD_NODELETE, the run-time form
/// of linking with `-z nodelete`), so it is never unloaded.
public enum ProviderTable {
    private struct Registration: @unchecked Sendable {
        var definition: any ProviderDefinition.Type
        /// The first host's `ck_host.log`: where clients log until the host gives one its own sink.
        var hostLog: ProviderLogSink
        /// The table handed to hosts of each minor.
        var tables: [UInt32: UnsafeMutablePointer<ck_provider>] = [:]
    }

    private static let registration = Locked<Registration?>(nil)

    /// Whether the provider library was pinned; evaluated once, on the first `make`.
    private static let pinned: Bool = cloudkit_pin_own_library() != 0

    /// The table for `definition` and the host `host` describes (borrowed):
    /// its log callback, and the minor the table is cut to. Returns nil —
    /// saying why in `host.init_error` when there is one — for a NULL or too
    /// small `host`, or a host of another major version. Safe to call more
    /// than once; the log callback of the first call is kept.
    public static func make(for definition: any ProviderDefinition.Type, host: UnsafePointer<ck_host>?) -> UnsafePointer<ck_provider>? {
        _ = pinned
        let hostValue: ck_host
        do throws(CloudError) {
            hostValue = try ABIStruct.read(host, "host")
        } catch {
            // Without a readable ck_host there is nowhere to write the reason.
            return nil
        }
        guard hostValue.abi_major == UInt32(CK_ABI_VERSION_MAJOR) else {
            report(
                "the host speaks cloudkit ABI \(hostValue.abi_major).\(hostValue.abi_minor); provider \(definition.name) speaks \(CK_ABI_VERSION_MAJOR).\(CK_ABI_VERSION_MINOR)",
                to: hostValue)
            return nil
        }
        let minor = min(hostValue.abi_minor, ABIAgreement.currentMinor)
        ABIAgreement.hostAnnounced(minor: minor)
        let table: UncheckedSendable<UnsafeMutablePointer<ck_provider>> = registration.withLock { registration in
            var current = registration ?? Registration(definition: definition, hostLog: hostLog(hostValue))
            let table = current.tables[minor] ?? providerTable(definition, minor: minor)
            current.tables[minor] = table
            registration = current
            return UncheckedSendable(table)
        }
        return UnsafePointer(table.value)
    }

    /// Writes `reason` into the host's `init_error` buffer (1.3 hosts), cut to fit.
    private static func report(_ reason: String, to host: ck_host) {
        guard let buffer = host.init_error, host.init_error_capacity > 0 else { return }
        let bytes = Array(reason.utf8.prefix(host.init_error_capacity - 1))
        bytes.withUnsafeBufferPointer { source in
            if let base = source.baseAddress { memcpy(buffer, base, bytes.count) }
        }
        buffer[bytes.count] = 0
    }

    private static func hostLog(_ host: ck_host) -> ProviderLogSink {
        ProviderLogSink(callback: host.log, userData: host.log_user_data, minimumLevel: ABILogLevel(clamping: host.log_level))
    }

    /// A table cut to `minor`: its own and each service table's `struct_size`
    /// end at the last member that minor has.
    private static func providerTable(_ definition: any ProviderDefinition.Type, minor: UInt32) -> UnsafeMutablePointer<ck_provider> {
        let table = UnsafeMutablePointer<ck_provider>.allocate(capacity: 1)
        table.initialize(to: ck_provider(
            struct_size: ck_provider.size(forMinor: minor),
            abi_major: UInt32(CK_ABI_VERSION_MAJOR),
            abi_minor: UInt32(CK_ABI_VERSION_MINOR),
            name: permanent(definition.name),
            version: permanent(definition.version),
            description: permanent(definition.summary),
            options: optionTable(definition.options),
            option_count: definition.options.count,
            client_open: clientOpen,
            client_close: clientClose,
            storage: permanent(StorageTable.table, minor: minor),
            kv: permanent(KVTable.table, minor: minor),
            queue: permanent(QueueTable.table, minor: minor),
            pubsub: permanent(PubSubTable.table, minor: minor),
            functions: permanent(FunctionsTable.table, minor: minor),
            identity: identity,
            cancel: cancel,
            capabilities: capabilities,
            set_client_log: setClientLog,
            lend: ThreadLoan.isAvailable ? lend : nil))
        return table
    }

    /// A never-freed copy of a service table, cut to `minor`.
    private static func permanent<Table: ABIStructType>(_ table: Table, minor: UInt32) -> UnsafePointer<Table> {
        let copy = UnsafeMutablePointer<Table>.allocate(capacity: 1)
        copy.initialize(to: table)
        UnsafeMutableRawPointer(copy).storeBytes(of: Table.size(forMinor: minor), as: Int.self)
        return UnsafePointer(copy)
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
        // Each client has its own route, so the host can move its lines (ABI 1.5 set_client_log).
        let logger = ProviderLogger(current.hostLog)
        let client = try current.definition.open(options: options, logger: logger)
        return ClientBox(client: client, capabilities: current.definition.capabilities, logger: logger).retainedHandle()
    }
}

private let clientOpen: @convention(c) (UnsafePointer<ck_pair>?, Int, ck_open_fn?, UnsafeMutableRawPointer?) -> Void = {
    pairs, count, done, userData in
    guard let done else { return }
    let arena = CArena()
    do throws(CloudError) {
        let handle = try ProviderTable.open(try ABIInput.pairs(pairs, count, "options"))
        done(userData, ABIStatus.ok(arena), handle)
    } catch {
        done(userData, ABIStatus.failure(error, arena), nil)
    }
}

private let clientClose: @convention(c) (OpaquePointer?) -> Void = { client in
    guard let client else { return }
    let box = Unmanaged<ClientBox>.fromOpaque(UnsafeRawPointer(client))
    box.takeUnretainedValue().close()
    box.release()
}

private let identity: @convention(c) (OpaquePointer?, ck_string_fn?, UnsafeMutableRawPointer?) -> Void = { client, done, userData in
    ProviderCall.start(client, .client, key: userData, entry: "identity", parse: { () throws(CloudError) in () },
                       operation: { box, _ throws(CloudError) in try await box.client.identity().text },
                       deliver: ProviderCall.string(done, userData))
}

/// Cancels the client's calls started with `userData` (ABI 1.2).
private let cancel: @convention(c) (OpaquePointer?, UnsafeMutableRawPointer?) -> Void = { client, userData in
    ClientBox.from(client)?.cancel(key: UInt(bitPattern: userData))
}

/// Completes with the provider's capabilities document (ABI 1.3).
private let capabilities: @convention(c) (OpaquePointer?, ck_string_fn?, UnsafeMutableRawPointer?) -> Void = { client, done, userData in
    ProviderCall.start(client, .client, key: userData, entry: "capabilities", parse: { () throws(CloudError) in () },
                       operation: { box, _ throws(CloudError) in box.capabilities.json.text },
                       deliver: ProviderCall.string(done, userData))
}

/// Sends the client's log lines to the host's sink for it (ABI 1.5); a NULL callback silences it.
private let setClientLog: @convention(c) (OpaquePointer?, ck_log_fn?, UnsafeMutableRawPointer?, Int32) -> Void = {
    client, callback, userData, level in
    ClientBox.from(client)?.logger.route.redirect(
        to: ProviderLogSink(callback: callback, userData: userData, minimumLevel: ABILogLevel(clamping: level)))
}

/// Lends the calling thread to the calls `start` makes (ABI 1.7): see `ThreadLoan`.
private let lend: @convention(c) (OpaquePointer?, ck_lend_start_fn?, UnsafeMutableRawPointer?) -> Int32 = { client, start, context in
    guard client != nil, let start else { return Int32(bitPattern: CK_ERR_INVALID_ARGUMENT.rawValue) }
    ThreadLoan.lend { start(context) }
    return Int32(bitPattern: CK_OK.rawValue)
}
