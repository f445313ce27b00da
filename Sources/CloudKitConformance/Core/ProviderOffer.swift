import CloudKit

/// What a provider offers, as its C tables and its capabilities document
/// (ABI 1.3; nil for an older provider) say.
public struct ProviderOffer: Sendable {
    /// Filled table entries by service (`ProviderLibrary.tableEntries`).
    public var tables: [String: Set<String>]
    public var capabilities: ProviderCapabilities?

    public init(tables: [String: Set<String>], capabilities: ProviderCapabilities?) {
        self.tables = tables
        self.capabilities = capabilities
    }

    /// What the provider behind `cloud` offers. A provider too old to
    /// describe its capabilities is judged by its tables alone.
    public static func of(_ cloud: Cloud) async throws(CloudError) -> ProviderOffer {
        let capabilities: ProviderCapabilities?
        do throws(CloudError) {
            capabilities = try await cloud.capabilities()
        } catch where error.kind == .unsupported {
            capabilities = nil
        }
        return ProviderOffer(tables: cloud.provider.tableEntries, capabilities: capabilities)
    }

    /// Why the provider cannot run a case needing `requirement`, or nil when it offers all of it.
    public func unmet(_ requirement: ConformanceRequirement) -> String? {
        for (service, names) in requirement.operations {
            if let reason = unmet(service, names) { return reason }
        }
        for need in requirement.options {
            guard let capabilities else { return "provider has no capabilities document to list option \(need.key)" }
            guard capabilities.options(service: need.service.rawValue, operation: need.operation)?.contains(need.key) == true else {
                return "provider does not accept option \(need.key) on \(need.service.rawValue).\(need.operation)"
            }
        }
        for need in requirement.flags where capabilities?.services[need.service.rawValue]?.limits[need.limit]?.flag != true {
            return "provider does not say its \(need.service.rawValue) service offers \(need.limit)"
        }
        return nil
    }

    private func unmet(_ service: ConformanceService, _ names: [String]) -> String? {
        guard let entries = tables[service.rawValue] else { return "provider has no \(service.rawValue) service" }
        let listed = capabilities.map { $0.services[service.rawValue]?.operations ?? [:] }
        if let listed, listed.isEmpty { return "provider's capabilities list no \(service.rawValue) service" }
        for name in names {
            guard entries.contains(name) else { return "provider's \(service.rawValue) table has no \(name)" }
            if let listed, listed[name] == nil { return "provider's capabilities do not list \(service.rawValue).\(name)" }
        }
        return nil
    }
}
