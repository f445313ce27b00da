import AWSProvider
import CCloudKitABI
import CloudKitProviderSupport

/// The one symbol `libcloudkit-aws.so` exports: returns the AWS provider's
/// table (static, valid while the library is loaded).
@_cdecl("cloudkit_provider_init")
public func cloudkitProviderInit(_ host: UnsafePointer<ck_host>?) -> UnsafePointer<ck_provider>? {
    ProviderTable.make(for: AWSProviderDefinition.self, host: host)
}
