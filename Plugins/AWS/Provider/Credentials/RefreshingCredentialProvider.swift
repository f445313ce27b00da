import AWSAuth
import CloudKitModel
import Foundation

/// Caches the credentials of a source that hands out temporary ones (roles,
/// web identity, `credential_process`, containers, instance metadata) and
/// refreshes them `refreshWindow` seconds before they expire.
///
/// Under any number of concurrent callers exactly one refresh runs; the
/// others wait for it. When a refresh fails while the cached credentials are
/// still valid, those keep being used (and the next call tries again).
/// Long-term credentials (no expiration) are fetched once.
public final class RefreshingCredentialProvider: CredentialProvider {
    let source: any CredentialProvider
    let refreshWindow: TimeInterval
    let now: @Sendable () -> Date
    private let state = Locked(State())

    private struct State {
        var cached: AWSCredentials?
        var refresh: Task<Result<AWSCredentials, CloudError>, Never>?
    }

    public var sourceName: String { source.sourceName }

    /// `now` is injectable for tests.
    public init(_ source: any CredentialProvider, refreshWindow: TimeInterval = 300, now: @escaping @Sendable () -> Date = { Date() }) {
        self.source = source
        self.refreshWindow = refreshWindow
        self.now = now
    }

    public func resolve() async throws(CloudError) -> AWSCredentials {
        let instant = now()
        let (fresh, task): (AWSCredentials?, Task<Result<AWSCredentials, CloudError>, Never>?) = state.withLock { state in
            if let cached = state.cached, !needsRefresh(cached, at: instant) { return (cached, nil) }
            if let running = state.refresh { return (nil, running) }
            let source = self.source
            let started = Task { () async -> Result<AWSCredentials, CloudError> in
                do throws(CloudError) {
                    return .success(try await source.resolve())
                } catch {
                    return .failure(error)
                }
            }
            state.refresh = started
            return (nil, started)
        }
        if let fresh { return fresh }
        guard let task else { throw .internal("credential refresh lost its task") }
        let result = await task.value
        return try state.withLock { state throws(CloudError) -> AWSCredentials in
            if state.refresh == task { state.refresh = nil }
            switch result {
            case .success(let credentials):
                state.cached = credentials
                return credentials
            case .failure(let error):
                if let cached = state.cached, let expiration = cached.expiration, now() < expiration { return cached }
                throw error
            }
        }
    }

    private func needsRefresh(_ credentials: AWSCredentials, at instant: Date) -> Bool {
        guard let expiration = credentials.expiration else { return false }
        return instant >= expiration.addingTimeInterval(-refreshWindow)
    }
}
