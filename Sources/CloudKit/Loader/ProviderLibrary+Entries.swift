import CloudKitModel

extension ProviderLibrary {
    /// The entries each of the provider's service tables fills, by their C
    /// member names (`put_object`, `receive`, …, as capabilities documents
    /// name operations), keyed by service (`CapabilityService`). A service
    /// whose table is NULL is absent; an entry that is NULL, or lies past
    /// its table's `struct_size`, is not listed.
    public var tableEntries: [String: Set<String>] {
        var entries: [String: Set<String>] = [:]
        entries[CapabilityService.storage] = storage.map(Self.filledEntries)
        entries[CapabilityService.kv] = kv.map(Self.filledEntries)
        entries[CapabilityService.queue] = queue.map(Self.filledEntries)
        entries[CapabilityService.pubsub] = pubsub.map(Self.filledEntries)
        entries[CapabilityService.functions] = functions.map(Self.filledEntries)
        return entries
    }

    /// The names of the non-NULL function pointers of a C table.
    private static func filledEntries(_ table: Any) -> Set<String> {
        Set(Mirror(reflecting: table).children.compactMap { child in
            guard let label = child.label, label != "struct_size" else { return nil }
            let value = Mirror(reflecting: child.value)
            return value.displayStyle == .optional && value.children.isEmpty ? nil : label
        })
    }
}
