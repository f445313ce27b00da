/// Turns a workload id of the figure protocol into the words of the table,
/// and says which way is better for its unit. The one place ids are named.
enum WorkloadNames {
    static func name(_ id: String) -> String {
        let parts = id.split(separator: ":").map(String.init)
        switch parts.first {
        case "s3" where parts.count == 4:
            return "S3 \(parts[1]) \(size(parts[2])), \(inflight(parts[3]))"
        case "s3-cpu" where parts.count == 4:
            return "S3 \(parts[1]) \(size(parts[2])), \(inflight(parts[3])): CPU per request"
        case "s3-large" where parts.count >= 3:
            let what = large(parts[1], size(parts[2]))
            return parts.count == 4 ? "\(what): peak RSS" : what
        case "sign":
            return "SigV4: sign one S3 GET"
        case "local" where parts.count == 2:
            return "local: " + (localNames[parts[1]] ?? parts[1])
        case "longpoll" where parts.count == 4:
            return "local: 4 KiB \(parts[2]) \(parts[3]) latency, \(grouped(parts[1])) long polls waiting"
        case "longpoll" where parts.count == 3:
            return "local: process threads, \(grouped(parts[1])) long polls waiting"
        case "cli" where parts.count == 2:
            return parts[1] == "local" ? "CLI: one 4 KiB get, start to exit (cloudkit: local provider)" : "CLI: one 4 KiB get, start to exit (all over S3)"
        default:
            return id
        }
    }

    /// Where a workload's row goes: S3 small objects, large objects, signing, local, CLI, long polls.
    static func section(_ id: String) -> Int {
        switch id.split(separator: ":").first {
        case "s3", "s3-cpu": 0
        case "s3-large": 1
        case "sign": 2
        case "local": 3
        case "cli": 4
        default: 5
        }
    }

    /// True when a smaller figure is better (a time, a size in memory, a count of threads).
    static func lowerIsBetter(_ unit: String) -> Bool { ["µs", "ms", "MiB", "threads"].contains(unit) }

    static let localNames = [
        "storage-put": "storage put 4 KiB", "storage-get": "storage get 4 KiB", "storage-list": "storage list 100 keys",
        "kv-put": "kv put", "kv-get": "kv get", "kv-query": "kv query 100 items", "queue-send": "queue send",
        "queue-receive": "queue receive",
    ]

    static func large(_ op: String, _ size: String) -> String {
        switch op {
        case "put-file": "S3 PUT \(size) from a file"
        case "get-memory": "S3 GET \(size) into memory"
        case "get-file": "S3 GET \(size) to a file"
        case "get-stream": "S3 GET \(size) through a stream callback"
        default: "S3 \(op) \(size)"
        }
    }

    static func inflight(_ text: String) -> String { text == "1" ? "one at a time" : "\(text) in flight" }

    /// 4096 → "4 KiB", 1073741824 → "1 GiB".
    static func size(_ text: String) -> String {
        guard let bytes = Int64(text) else { return text }
        for (unit, scale) in [("GiB", Int64(1) << 30), ("MiB", Int64(1) << 20), ("KiB", Int64(1) << 10)] where bytes >= scale && bytes % scale == 0 {
            return "\(bytes / scale) \(unit)"
        }
        return "\(bytes) B"
    }

    static func grouped(_ text: String) -> String { Int(text)?.formatted() ?? text }
}
