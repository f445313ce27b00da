import CCloudKitABI
import CloudKit
import Foundation
import Testing

/// The fake provider with `delete_object` completing at a time the key
/// names, to reach each way a completion can meet the host's wait
/// (`ABICompletion`): `now…` completes on the caller's thread before the
/// entry returns; `beside…` on another thread, which the entry joins before
/// it returns; `after…` on another thread that starts once the entry is
/// about to return, so it races the host's wait. A key containing `fail`
/// completes with `CK_ERR_NOT_FOUND` instead of success.
enum TimedCompletionProvider {
    static let library: ProviderLibrary? = try? ProviderLibrary.linked(initialize, label: "timed-completion (linked)")

    private static let initialize: ck_provider_init_fn = { host in FakeProvider.tables(host, deleteObject: completeWhenTold) }

    /// Completes `userData` with success, or `not found` when `fail` is set.
    private static func complete(_ done: ck_done_fn?, _ userData: UInt, fail: Bool) {
        var status = ck_status()
        status.struct_size = MemoryLayout<ck_status>.size
        status.kind = Int32(fail ? CK_ERR_NOT_FOUND.rawValue : CK_OK.rawValue)
        withUnsafePointer(to: status) { done?(UnsafeMutableRawPointer(bitPattern: userData), $0) }
    }

    private static let completeWhenTold: FakeProvider.DeleteObjectEntry = {
        _, _, key, done, userData in
        let key = key.map { String(cString: $0) } ?? ""
        let fail = key.contains("fail")
        let token = UInt(bitPattern: userData)
        if key.hasPrefix("now") {
            complete(done, token, fail: fail)
        } else if key.hasPrefix("beside") {
            let finished = DispatchSemaphore(value: 0)
            Thread.detachNewThread {
                complete(done, token, fail: fail)
                finished.signal()
            }
            finished.wait()
        } else {
            let entryReturning = DispatchSemaphore(value: 0)
            Thread.detachNewThread {
                entryReturning.wait()
                complete(done, token, fail: fail)
            }
            entryReturning.signal()
        }
    }
}

/// However a completion meets the host's wait — before the entry returns,
/// from its own thread or another, or after — the call returns its result
/// once, and nothing is counted as stray.
@Suite("Completion timing")
struct CompletionTimingTests {
    @Test("a completion before, beside or after the entry's return is delivered once, success or failure", arguments: ["now", "beside", "after"])
    func timings(_ when: String) async throws {
        let cloud = try await Cloud.open(try #require(TimedCompletionProvider.library))
        let storage = cloud.storage
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<64 {
                group.addTask {
                    if index % 4 == 0 {
                        let error = await #expect(throws: CloudError.self) { try await storage.deleteObject(bucket: "b", key: "\(when)-fail-\(index)") }
                        #expect(error?.kind == .notFound)
                    } else {
                        try await storage.deleteObject(bucket: "b", key: "\(when)-\(index)")
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(cloud.strayCompletions == 0)
        await cloud.close()
    }

    @Test("a task cancelled before its call still gets the call's own result when the provider ignores cancels")
    func cancelledBeforeTheCall() async throws {
        let cloud = try await Cloud.open(try #require(TimedCompletionProvider.library))
        let storage = cloud.storage
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            try await storage.deleteObject(bucket: "b", key: "after-cancelled")
        }
        try await task.value
        #expect(cloud.strayCompletions == 0)
        await cloud.close()
    }
}
