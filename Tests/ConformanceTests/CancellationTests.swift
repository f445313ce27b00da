import CloudKit
import Foundation
import Testing

/// Cancelling the Swift task that awaits a call cancels that call through
/// the ABI (`ck_provider.cancel`): what only the local provider has. (What
/// every provider shares is in the conformance kit's lifecycle cases.)
@Suite("Task cancellation")
struct CancellationTests {
    @Test("cancelling an invocation of a local function kills its process")
    func localFunction() async throws {
        // The script writes its pid beside itself, in the functions folder it runs in.
        let root = try FunctionFixture.localRoot("cancel-fn", functions: ["sleeper": "#!/bin/sh\necho $$ > ../pid\nexec sleep 60\n"])
        let cloud = try await Cloud.load(provider: "local", options: ["root": root], environment: ProviderFixture.environment)
        let functions = cloud.functions
        let invocation = Task { try await functions.invoke(InvokeRequest(function: "sleeper")) }
        var pid: Int32?
        for _ in 0..<300 where pid == nil {
            try await Task.sleep(nanoseconds: 20_000_000)
            pid = (try? String(contentsOfFile: "\(root)/pid", encoding: .utf8)).flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        }
        let running = try #require(pid, "the function never started")
        invocation.cancel()
        let outcome = await invocation.result
        if case .failure(let error) = outcome {
            #expect((error as? CloudError)?.kind == .cancelled, "\(error)")
        } else {
            Issue.record("a cancelled invocation returned \(outcome)")
        }
        var gone = false
        for _ in 0..<300 where !gone {
            gone = !FileManager.default.fileExists(atPath: "/proc/\(running)")
            if !gone { try await Task.sleep(nanoseconds: 20_000_000) }
        }
        #expect(gone, "the function's process outlived the cancelled call")
        await cloud.close()
    }
}
