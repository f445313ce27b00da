import Foundation

/// One subject's figure in a row (nil: not measured, with a note saying why when known).
struct ReportEntry: Codable, Sendable {
    var subject: String
    var value: Double?
    var note: String?
}

/// One cloudkit figure set against the best peer and the floor, oriented so
/// that above 1 means cloudkit is ahead.
struct ReportRatio: Codable, Sendable {
    var subject: String
    var bestPeer: String?
    var vsBestPeer: Double?
    var vsFloor: Double?
}

/// A workload: its figures from every contender, and the ratios.
struct ReportRow: Codable, Sendable {
    var id: String
    var workload: String
    var unit: String
    var floor: ReportEntry?
    var peers: [ReportEntry] = []
    var cloudkit: [ReportEntry] = []
    var ratios: [ReportRatio] = []

    /// `value` against `base`: above 1 when `value` is better. The one place ratios are computed.
    func ratio(_ value: Double, _ base: Double) -> Double? {
        guard value > 0, base > 0 else { return nil }
        return WorkloadNames.lowerIsBetter(unit) ? base / value : value / base
    }

    /// The best peer figure (by this row's unit).
    var bestPeer: ReportEntry? {
        let measured = peers.filter { $0.value != nil }
        let lower = WorkloadNames.lowerIsBetter(unit)
        return measured.min { left, right in
            let (a, b) = (left.value ?? 0, right.value ?? 0)
            return lower ? a < b : a > b
        }
    }

    /// Adds a subject's figure; a subject measured in several rounds keeps its best.
    mutating func add(_ entry: ReportEntry, role: String) {
        func merged(_ old: ReportEntry) -> ReportEntry {
            guard let new = entry.value else { return old }
            guard let kept = old.value else { return entry }
            return (ratio(new, kept) ?? 0) > 1 ? entry : old
        }
        switch role {
        case "floor":
            floor = floor.map(merged) ?? entry
        case "cloudkit":
            if let index = cloudkit.firstIndex(where: { $0.subject == entry.subject }) { cloudkit[index] = merged(cloudkit[index]) } else { cloudkit.append(entry) }
        default:
            if let index = peers.firstIndex(where: { $0.subject == entry.subject }) { peers[index] = merged(peers[index]) } else { peers.append(entry) }
        }
    }

    mutating func computeRatios() {
        let best = bestPeer
        ratios = cloudkit.map { entry in
            ReportRatio(
                subject: entry.subject, bestPeer: best?.subject,
                vsBestPeer: entry.value.flatMap { value in best?.value.flatMap { ratio(value, $0) } },
                vsFloor: entry.value.flatMap { value in floor?.value.flatMap { ratio(value, $0) } })
        }
    }
}

/// The whole run: every figure the contenders printed, gathered into rows,
/// printed as one table (and the goals), written as JSON.
struct BenchReport: Codable, Sendable {
    /// When the report was made, at the end of the run.
    var reported: Date
    var mode: String
    var rows: [ReportRow]
    var failures: [String]
    var figures: [Figure]

    /// Peers and cloudkit subjects get a column each, in this order first.
    static let peerOrder = ["obstore", "boto3", "awscrt", "aws CLI"]
    static let cloudkitOrder = ["cloudkit (C ABI)", "cloudkit (Swift)"]

    init(figures: [Figure], mode: String, failures: [String]) {
        reported = Date()
        self.mode = mode
        self.failures = failures
        self.figures = figures
        var rows: [ReportRow] = []
        var index: [String: Int] = [:]
        for figure in figures {
            let position = index[figure.id] ?? {
                rows.append(ReportRow(id: figure.id, workload: WorkloadNames.name(figure.id), unit: figure.unit))
                index[figure.id] = rows.count - 1
                return rows.count - 1
            }()
            rows[position].add(ReportEntry(subject: figure.subject, value: figure.value, note: figure.note), role: figure.role)
        }
        // Stable: within a section, rows keep the order the contenders printed them in.
        let ordered = rows.enumerated().sorted { left, right in
            let (a, b) = (WorkloadNames.section(left.element.id), WorkloadNames.section(right.element.id))
            return a != b ? a < b : left.offset < right.offset
        }
        self.rows = ordered.map { pair in
            var row = pair.element
            row.computeRatios()
            return row
        }
    }

    private func columns(_ order: [String], _ entries: (ReportRow) -> [ReportEntry]) -> [String] {
        let seen = rows.flatMap(entries).map(\.subject)
        var names = order.filter(seen.contains)
        for name in seen where !names.contains(name) { names.append(name) }
        return names
    }

    /// The table: a row per workload; the floor, each peer and each cloudkit
    /// subject; then each cloudkit subject's ratio to the best peer and to the floor.
    func table() -> String {
        let peers = columns(Self.peerOrder) { $0.peers }
        let ours = columns(Self.cloudkitOrder) { $0.cloudkit }
        let short = ours.map { $0.replacingOccurrences(of: "cloudkit (", with: "").replacingOccurrences(of: ")", with: "") }
        var header = ["workload", "unit", "floor"] + peers + ours
        for name in short { header += ["\(name) ÷ best peer", "\(name) ÷ floor"] }
        var lines = [ReportFormat.row(header), ReportFormat.row(header.map { _ in "---" })]
        for row in rows {
            func cell(_ entry: ReportEntry?) -> String {
                guard let entry else { return "—" }
                return entry.value.map(ReportFormat.number) ?? entry.note ?? "—"
            }
            let floor = row.floor.map { entry in entry.value.map { "\(ReportFormat.number($0)) (\(entry.subject))" } ?? cell(entry) } ?? "—"
            var cells = [row.workload, row.unit, floor]
            cells += peers.map { name in cell(row.peers.first { $0.subject == name }) }
            cells += ours.map { name in cell(row.cloudkit.first { $0.subject == name }) }
            for name in ours {
                let ratio = row.ratios.first { $0.subject == name }
                cells.append(ratio?.vsBestPeer.map { "\(ReportFormat.ratio($0)) \(ratio?.bestPeer ?? "")" } ?? "—")
                cells.append(ratio?.vsFloor.map(ReportFormat.ratio) ?? "—")
            }
            lines.append(ReportFormat.row(cells))
        }
        return lines.joined(separator: "\n")
    }

    /// The issue's goals, each met or missed per cloudkit subject (those this run measured).
    func goals() -> [String] {
        Goal.all.flatMap { goal in rows.filter(goal.matches).flatMap(goal.verdicts) }
    }

    func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return try encoder.encode(self)
    }
}
