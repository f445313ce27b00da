import CloudKit
import Foundation
import Testing

/// `cloudkit fn` on the local provider: executables under `<root>/functions`.
@Suite("cloudkit fn on the local provider")
struct LocalFunctionCLITests {
    let cli = CLITests()

    /// A fresh root holding the executable scripts `functions` (name → script).
    func root(_ functions: [String: String]) throws -> String {
        try FunctionFixture.localRoot("fncli", functions: functions)
    }

    @Test("fn invoke prints the result from an argument or stdin, --log shows stderr, get and list describe, a missing one exits 3")
    func invokeAndDescribe() async throws {
        let root = try root(["upper": "#!/bin/sh\necho \"working on $AWS_LAMBDA_FUNCTION_NAME\" >&2\ntr a-z A-Z\n"])
        let result = try await cli.run(["fn", "invoke", "upper", #""hello""#], root: root)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.text == #""HELLO""#)
        #expect(result.stderr.isEmpty)
        let piped = try await cli.run(["fn", "invoke", "upper", "-", "--log"], stdin: Data("from stdin".utf8), root: root)
        #expect(piped.text == "FROM STDIN")
        #expect(piped.stderr.contains("working on upper"))
        #expect(try await cli.run(["fn", "invoke", "upper", "--dry-run"], root: root).status == 0)
        let info = try JSONValue.parse(try await cli.run(["fn", "get", "upper"], root: root).text.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(info["arn"] == .string("arn:aws:lambda:local:000000000000:function:upper"))
        #expect(info["runtime"] == .string("provided"))
        #expect(info["state"] == .string("Active"))
        #expect(info["timeoutSeconds"] == .number("30"))
        #expect(try await cli.run(["fn", "list"], root: root).text.split(separator: "\n").count == 1)
        let missing = try await cli.run(["fn", "invoke", "nothing-here", "{}"], root: root)
        #expect(missing.status == 3)
        #expect(missing.stderr.contains("not found"))
    }

    @Test("a failing function prints its error payload to stderr and exits 1; a timeout kills it and says so")
    func failures() async throws {
        let root = try root([
            "refuse": "#!/bin/sh\necho '{\"errorMessage\":\"no stock\",\"errorType\":\"OutOfStock\"}' >&2\nexit 1\n",
            "crash": "#!/bin/sh\necho 'segfault-ish' >&2\nexit 3\n",
            "slow": "#!/bin/sh\nsleep 600\n",
        ])
        let refused = try await cli.run(["fn", "invoke", "refuse", "{}"], root: root)
        #expect(refused.status == 1)
        #expect(refused.stdout.isEmpty)
        #expect(refused.stderr.hasPrefix("error: function error: "))
        #expect(refused.stderr.contains(#""errorMessage":"no stock""#))
        #expect(refused.stderr.contains("Handled"))
        let crashed = try await cli.run(["fn", "invoke", "crash"], root: root)
        #expect(crashed.status == 1)
        #expect(crashed.stderr.contains("Runtime.ExitError"))
        #expect(crashed.stderr.contains("segfault-ish"))
        #expect(crashed.stderr.contains("Unhandled"))
        let started = Date()
        let slow = try await cli.run(["fn", "invoke", "slow", "--option", "function_timeout=0.5"], root: root)
        #expect(slow.status == 1)
        #expect(slow.stderr.contains("Sandbox.Timedout"))
        #expect(Date().timeIntervalSince(started) < 120, "the function (600 s) was not killed at its timeout")
        let bad = try await cli.run(["fn", "invoke", "slow", "--option", "function_timeout=soon"], root: root)
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("function_timeout"))
    }

    @Test("fn invoke --async returns at once and the function's output reaches its log")
    func event() async throws {
        let root = try root(["note": "#!/bin/sh\nread line\necho \"got $line\"\n"])
        let accepted = try await cli.run(["fn", "invoke", "note", "--async", "ping"], root: root)
        #expect(accepted.status == 0, "\(accepted.stderr)")
        #expect(accepted.stdout.isEmpty)
        let log = "\(root)/functions/.logs/note.log"
        var text = ""
        for _ in 0..<200 where !text.contains("got ping") {
            try await Task.sleep(for: .milliseconds(50))
            text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        }
        #expect(text.contains("got ping"))
    }
}
