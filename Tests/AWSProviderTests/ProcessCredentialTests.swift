import AWSAuth
@testable import AWSProvider
import CloudKitModel
import Foundation
import Testing

/// `credential_process`: the command's JSON, its expiration, and failures that quote no secret.
@Suite("credential_process")
struct ProcessCredentialTests {
    func provider(_ command: String) -> ProcessCredentialProvider {
        ProcessCredentialProvider(command: command, profile: "p", environment: ProcessInfo.processInfo.environment, timeout: 5)
    }

    @Test("the command's JSON becomes credentials with their expiration")
    func success() async throws {
        let command = #"printf '{"Version": 1, "AccessKeyId": "AKIDPROC", "SecretAccessKey": "proc-secret", "SessionToken": "proc-token", "Expiration": "2099-05-06T07:08:09Z"}'"#
        let credentials = try await provider(command).resolve()
        #expect(credentials.accessKeyID == "AKIDPROC")
        #expect(credentials.sessionToken == "proc-token")
        #expect(credentials.expiration == ISO8601Date.parse("2099-05-06T07:08:09Z"))
    }

    @Test("a failing command, bad JSON or a missing Version is an error without the output in it")
    func failures() async {
        for command in ["echo 'leaked-secret' >&1; exit 3", "echo '{\"AccessKeyId\": \"AKID\", \"SecretAccessKey\": \"leaked-secret\"}'", "echo not-json-leaked-secret"] {
            do {
                _ = try await provider(command).resolve()
                Issue.record("\(command) should fail")
            } catch {
                #expect(error.kind == .unauthenticated)
                #expect(!error.message.contains("leaked-secret"), "\(error.message)")
            }
        }
    }

    @Test("a command that hangs is stopped at its timeout")
    func timeout() async {
        let slow = ProcessCredentialProvider(command: "sleep 600", profile: "p", environment: [:], timeout: 1)
        let started = Date()
        await #expect(throws: CloudError.self) { try await slow.resolve() }
        // `sleep 600` would take 600 s; the 1 s timeout stops it long before. The
        // bound is over 100× the timeout (a loaded machine cannot make it fail).
        #expect(Date().timeIntervalSince(started) < 120)
    }
}
