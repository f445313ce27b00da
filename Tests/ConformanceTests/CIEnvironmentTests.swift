import Foundation
import Testing

/// Guards against a CI run that silently skips the AWS half of the suites.
@Suite("CI environment")
struct CIEnvironmentTests {
    @Test("under CI the moto endpoints are configured, so AWS suites really run")
    func motoConfiguredUnderCI() {
        guard ProcessInfo.processInfo.environment["CI"] == "true" else { return }
        #expect(ProviderFixture.motoEndpoint != nil)
        #expect(ProviderFixture.motoAuthEndpoint != nil)
        if ProviderFixture.builtProviders.contains("aws") {
            #expect(ProviderFixture.providers.contains("aws"))
            #expect(ProviderFixture.signatureCheckingConfigured)
        }
    }
}
