import AWSAuth
@testable import AWSProvider
import CloudKitModel
import Foundation
import Synchronization
import Testing

/// Cached temporary credentials: one refresh under concurrency, refresh before expiry, old keys kept on failure.
@Suite("Refreshing credentials")
struct RefreshingCredentialTests {
    /// A source that counts its calls, takes a moment, and can be made to fail.
    final class CountingSource: CredentialProvider {
        let calls = Atomic<Int>(0)
        let failing = Atomic<Bool>(false)
        let clock: TestClock
        var sourceName: String { "counting" }

        init(clock: TestClock) { self.clock = clock }

        func resolve() async throws(CloudError) -> AWSCredentials {
            let call = calls.add(1, ordering: .relaxed).newValue
            try? await Task.sleep(nanoseconds: 50_000_000)
            if failing.load(ordering: .relaxed) { throw CloudError(.network, "the source is down") }
            return AWSCredentials(accessKeyID: "AKID\(call)", secretAccessKey: "s", sessionToken: "t",
                                  expiration: clock.now().addingTimeInterval(3600), source: "counting")
        }
    }

    final class TestClock: Sendable {
        let offset = Mutex<TimeInterval>(0)
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        func now() -> Date { start.addingTimeInterval(offset.withLock { $0 }) }
        func advance(_ seconds: TimeInterval) { offset.withLock { $0 += seconds } }
    }

    @Test("100 concurrent requests share exactly one refresh")
    func oneRefreshForManyCallers() async throws {
        let clock = TestClock()
        let source = CountingSource(clock: clock)
        let provider = RefreshingCredentialProvider(source, now: { clock.now() })
        let keys = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<100 { group.addTask { try await provider.resolve().accessKeyID } }
            return try await group.reduce(into: Set<String>()) { $0.insert($1) }
        }
        #expect(source.calls.load(ordering: .relaxed) == 1)
        #expect(keys == ["AKID1"])
    }

    @Test("credentials are refreshed a few minutes before they expire, not earlier")
    func refreshWindow() async throws {
        let clock = TestClock()
        let source = CountingSource(clock: clock)
        let provider = RefreshingCredentialProvider(source, refreshWindow: 300, now: { clock.now() })
        #expect(try await provider.resolve().accessKeyID == "AKID1")
        clock.advance(3600 - 301)
        #expect(try await provider.resolve().accessKeyID == "AKID1")
        clock.advance(2)
        #expect(try await provider.resolve().accessKeyID == "AKID2")
        #expect(source.calls.load(ordering: .relaxed) == 2)
    }

    @Test("a failed refresh keeps using credentials that are still valid, and fails once they expired")
    func failedRefresh() async throws {
        let clock = TestClock()
        let source = CountingSource(clock: clock)
        let provider = RefreshingCredentialProvider(source, now: { clock.now() })
        _ = try await provider.resolve()
        source.failing.store(true, ordering: .relaxed)
        clock.advance(3600 - 60)
        #expect(try await provider.resolve().accessKeyID == "AKID1")
        clock.advance(120)
        await #expect(throws: CloudError.self) { try await provider.resolve() }
        source.failing.store(false, ordering: .relaxed)
        #expect(try await provider.resolve().accessKeyID.hasPrefix("AKID"))
    }
}
