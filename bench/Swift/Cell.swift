import CloudKit

/// One small-object workload, `OP:SIZE:INFLIGHT` on the command line
/// (PUT, GET or HEAD of SIZE bytes, INFLIGHT calls at once); its id is
/// `s3:OP:SIZE:INFLIGHT`.
struct Cell: Sendable {
    var op: String
    var size: Int
    var inflight: Int

    var id: String { "s3:\(op):\(size):\(inflight)" }

    /// The id of its CPU time per request, `s3-cpu:OP:SIZE:1`: measured for calls one at a time only.
    var cpuID: String? { inflight == 1 ? "s3-cpu:\(op):\(size):1" : nil }

    /// Keys written per size, and read back as key i % keys (`BENCH_KEYS` in bench/C/bench.h).
    static let keys = 16

    static func parse(_ text: String) throws(CloudError) -> [Cell] {
        try text.split(separator: ",").map { item throws(CloudError) -> Cell in
            let parts = item.split(separator: ":")
            guard parts.count == 3, ["PUT", "GET", "HEAD"].contains(parts[0]), let size = Int(parts[1]), let inflight = Int(parts[2]),
                size >= 0, inflight >= 1
            else { throw CloudError(.invalidArgument, "bad cell '\(item)' (want OP:SIZE:INFLIGHT)") }
            return Cell(op: String(parts[0]), size: size, inflight: inflight)
        }
    }
}

/// The bytes of a body: a repeating pattern (`bench_fill` in bench/C/bench.c).
func patternBody(_ size: Int) -> [UInt8] { (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) } }
