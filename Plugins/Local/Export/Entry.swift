import CCloudKitABI
import CloudKitProviderSupport
import LocalProvider

/// The one symbol `libcloudkit-local.so` exports: returns the local
/// provider's table (static, valid while the library is loaded).
@_cdecl("cloudkit_provider_init")
public func cloudkitProviderInit(_ host: UnsafePointer<ck_host>?) -> UnsafePointer<ck_provider>? {
    ProviderTable.make(for: LocalProviderDefinition.self, host: host)
}
