/// The goals of issue 15 (release build, ratios in the same run), checked
/// against a run's rows: each is met, missed, or not measured.
struct Goal: Sendable {
    var text: String
    var id: String
    /// A cloudkit figure must reach `ratio` against this subject (a peer or the floor)…
    var against: String?
    var ratio: Double
    /// …or, with no `against`, this absolute figure in the row's unit.
    var limit: Double?

    static let all: [Goal] = [
        Goal(text: "4 KiB GET one at a time ≥ 1.5× obstore", id: "s3:GET:4096:1", against: "obstore", ratio: 1.5),
        Goal(text: "4 KiB PUT one at a time ≥ 1.5× obstore", id: "s3:PUT:4096:1", against: "obstore", ratio: 1.5),
        Goal(text: "4 KiB GET 16 in flight ≥ 1.2× obstore", id: "s3:GET:4096:16", against: "obstore", ratio: 1.2),
        Goal(text: "4 KiB PUT 16 in flight ≥ 1.2× obstore", id: "s3:PUT:4096:16", against: "obstore", ratio: 1.2),
        Goal(text: "CPU per small GET ≤ 60 µs", id: "s3-cpu:GET:4096:1", ratio: 1, limit: 60),
        Goal(text: "large GET into memory ≥ 1.2× boto3", id: "s3-large:get-memory", against: "boto3", ratio: 1.2),
        Goal(text: "large GET to a file ≥ 0.9× curl", id: "s3-large:get-file", against: "floor", ratio: 0.9),
        Goal(text: "peak RSS, large PUT from a file ≤ 64 MiB", id: "s3-large:put-file:rss", ratio: 1, limit: 64),
        Goal(text: "peak RSS, large GET to a file ≤ 64 MiB", id: "s3-large:get-file:rss", ratio: 1, limit: 64),
        Goal(text: "peak RSS, large GET through a stream ≤ 64 MiB", id: "s3-large:get-stream:rss", ratio: 1, limit: 64),
        Goal(text: "SigV4 sign ≤ 3 µs", id: "sign", ratio: 1, limit: 3),
        Goal(text: "local get ≥ 50,000/s", id: "local:storage-get", ratio: 1, limit: 50_000),
        Goal(text: "local put ≥ 0.8× write+fsync+rename", id: "local:storage-put", against: "floor", ratio: 0.8),
        Goal(text: "local kv get ≥ 0.5× sqlite3", id: "local:kv-get", against: "floor", ratio: 0.5),
        Goal(text: "local kv put ≥ 0.8× sqlite3", id: "local:kv-put", against: "floor", ratio: 0.8),
    ]

    /// Whether the row matches this goal's id (large ids carry their size: `s3-large:get-file:BYTES[:rss]`).
    func matches(_ row: ReportRow) -> Bool {
        guard id.hasPrefix("s3-large:") else { return row.id == id }
        let parts = row.id.split(separator: ":")
        let wanted = id.split(separator: ":")
        return parts.count == wanted.count + 1 && parts[0] == wanted[0] && parts[1] == wanted[1] && (wanted.count == 2 || parts[3] == wanted[2])
    }

    /// One line per cloudkit subject of the row: met or missed, with the figure.
    func verdicts(_ row: ReportRow) -> [String] {
        row.cloudkit.map { subject in
            guard let value = subject.value else { return "\(text): \(subject.subject) not measured" }
            if let limit {
                let met = WorkloadNames.lowerIsBetter(row.unit) ? value <= limit : value >= limit
                return "\(met ? "met" : "MISSED") \(text): \(subject.subject) \(ReportFormat.number(value)) \(row.unit)"
            }
            let other = against == "floor" ? row.floor : row.peers.first { $0.subject == against }
            guard let base = other?.value, let measured = row.ratio(value, base) else {
                return "\(text): \(subject.subject) has no \(against ?? "") figure to compare with"
            }
            return "\(measured >= ratio ? "met" : "MISSED") \(text): \(subject.subject) \(ReportFormat.ratio(measured))"
        }
    }
}
