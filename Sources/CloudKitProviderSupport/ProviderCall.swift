import CCloudKitABI
import CloudKitABI
import CloudKitModel

/// The common path of every table entry: check the client, read the borrowed
/// input synchronously, run the operation asynchronously, deliver once.
enum ProviderCall {
    /// Starts `operation`, a call of `service`, on `client` with input parsed by `parse` (called
    /// before returning, while the caller's pointers are valid) and checked
    /// by `check` against the client (per-call options). Any failure,
    /// including a NULL client or bad input, reaches `deliver` exactly once.
    /// `key` is the host's `user_data`, by which `ck_provider.cancel` finds
    /// the call; `entry` names it in the client's log ("storage.put_object").
    /// `immediately`, when given, may answer at once on this thread (see
    /// `ImmediateObjectReads`); nil from it starts the operation as usual.
    static func start<Input: Sendable, Output: Sendable>(
        _ client: OpaquePointer?,
        _ service: ProviderService,
        key: UnsafeMutableRawPointer?,
        entry: StaticString,
        parse: () throws(CloudError) -> Input,
        check: (ClientBox, Input) throws(CloudError) -> Void = { _, _ in },
        immediately: ((ClientBox, Input) -> Result<Output, CloudError>?)? = nil,
        operation: @escaping @Sendable (ClientBox, Input) async throws(CloudError) -> Output,
        deliver: @escaping @Sendable (Result<Output, CloudError>) -> Void
    ) {
        guard let box = ClientBox.from(client) else {
            deliver(.failure(.invalidArgument("client is NULL")))
            return
        }
        let input: Input
        do throws(CloudError) {
            input = try parse()
            try check(box, input)
        } catch {
            box.logger.debug("\(entry) refused: \(error)")
            deliver(.failure(error))
            return
        }
        if let immediately, box.finishImmediately(entry: entry, { immediately(box, input) }, complete: deliver) { return }
        box.start(service, key: UInt(bitPattern: key), entry: entry, { box async throws(CloudError) in try await operation(box, input) }, complete: deliver)
    }

    // MARK: Deliveries shared by the tables

    /// Delivers a result without a value to a `ck_done_fn`.
    static func done(_ callback: ck_done_fn?, _ userData: UnsafeMutableRawPointer?) -> @Sendable (Result<Void, CloudError>) -> Void {
        let captured = UncheckedSendable((callback, userData))
        return { result in
            let arena = CArena()
            captured.value.0?(captured.value.1, ABIStatus.of(result, arena))
        }
    }

    /// Delivers a string (URL, ARN, JSON) to a `ck_string_fn`; NULL on error.
    static func string(_ callback: ck_string_fn?, _ userData: UnsafeMutableRawPointer?) -> @Sendable (Result<String, CloudError>) -> Void {
        let captured = UncheckedSendable((callback, userData))
        return { result in
            let arena = CArena()
            captured.value.0?(captured.value.1, ABIStatus.of(result, arena), arena.string(try? result.get()))
        }
    }

    /// Delivers a page of resources to a `ck_resources_fn`.
    static func resources(_ callback: ck_resources_fn?, _ userData: UnsafeMutableRawPointer?) -> @Sendable (Result<ResourcePage, CloudError>) -> Void {
        let captured = UncheckedSendable((callback, userData))
        return { result in
            let arena = CArena()
            let (items, count, token) = (try? result.get()).map { ResourceListingCodec.write($0, arena) } ?? (nil, 0, nil)
            captured.value.0?(captured.value.1, ABIStatus.of(result, arena), items, count, token)
        }
    }
}

extension ClientBox {
    /// The client's object storage, or `unsupported`.
    func storage() throws(CloudError) -> any ObjectStorage {
        guard let storage = client.storage else { throw CloudError(.unsupported, "this provider has no object storage") }
        return storage
    }

    /// Checks a storage call's option keys against the provider's capabilities.
    func checkOptions(_ keys: [String], operation: String) throws(CloudError) {
        guard !keys.isEmpty else { return }
        let defined: [String] =
            switch operation {
            case "put_object": ObjectOptionKey.put
            case "copy_object": ObjectOptionKey.copy
            case "get_object": ObjectOptionKey.get
            default: []
            }
        let accepted = capabilities.options(service: CapabilityService.storage, operation: operation) ?? []
        try ABIOptions.check(keys, operation: operation, accepted: accepted, defined: Set(defined), provider: capabilities.provider)
    }
}
