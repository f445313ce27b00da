import Foundation

/// `cloudkit-bench [--quick] [--json PATH]`: runs the benchmarks, prints a
/// table of figures with their ratios to the baselines, and writes the same
/// as JSON (default `bench/results.json`). `--quick` runs each workload
/// briefly, to prove it works (CI); its figures mean little.
let arguments = Array(CommandLine.arguments.dropFirst())
let quick = arguments.contains("--quick")
var jsonPath = "bench/results.json"
if let flag = arguments.firstIndex(of: "--json"), flag + 1 < arguments.count { jsonPath = arguments[flag + 1] }

var report = BenchReport(started: Date(), mode: quick ? "quick" : "full")
do {
    report.figures += try await LongPollWorkload(polls: 1000, calls: quick ? 20 : 500).run()
    print(report.table())
    try report.json().write(to: URL(fileURLWithPath: jsonPath))
    print("\nwritten to \(jsonPath)")
} catch {
    FileHandle.standardError.write(Data("cloudkit-bench: \(error)\n".utf8))
    exit(1)
}
