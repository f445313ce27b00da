import Foundation

/// One measured figure of a benchmark run, with what it is compared to.
struct BenchFigure: Codable, Sendable {
    /// The workload, e.g. `local: 4 KiB put, 1,000 long polls waiting`.
    var workload: String
    /// Who was measured: `cloudkit (Swift)`, `cloudkit (C ABI)`, or a peer.
    var subject: String
    /// The figure itself, in `unit`.
    var value: Double
    /// `µs` (lower is better), `/s` or `MB/s` (higher is better), `threads`.
    var unit: String
    /// What `value` is set against (a floor or a peer) and its figure, if any.
    var baseline: String?
    var baselineValue: Double?

    /// `value` as a multiple of the baseline, oriented so that above 1 is
    /// better for cloudkit: a time or a count is divided into the baseline,
    /// a rate divided by it.
    var ratio: Double? {
        guard let baselineValue, baselineValue > 0, value > 0 else { return nil }
        return lowerIsBetter ? baselineValue / value : value / baselineValue
    }

    var lowerIsBetter: Bool { unit == "µs" || unit == "threads" || unit == "MiB" }
}

/// The figures of one run, printed as a table and written as JSON.
struct BenchReport: Codable, Sendable {
    var started: Date
    var mode: String
    var figures: [BenchFigure] = []

    /// The table: one line per figure, with its ratio to the baseline.
    func table() -> String {
        var lines = ["workload | subject | figure | baseline | ratio (>1: cloudkit ahead)", "--- | --- | --- | --- | ---"]
        for figure in figures {
            let baseline = figure.baseline.map { name in
                figure.baselineValue.map { "\(name): \(Self.format($0)) \(figure.unit)" } ?? name
            } ?? "—"
            let ratio = figure.ratio.map { String(format: "%.2f×", $0) } ?? "—"
            lines.append("\(figure.workload) | \(figure.subject) | \(Self.format(figure.value)) \(figure.unit) | \(baseline) | \(ratio)")
        }
        return lines.joined(separator: "\n")
    }

    static func format(_ value: Double) -> String {
        value >= 100 ? String(format: "%.0f", value) : String(format: "%.2f", value)
    }

    func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        return try encoder.encode(self)
    }
}
