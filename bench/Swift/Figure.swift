import Foundation

/// One figure, as every contender prints it: a JSON object a line on
/// stdout (the protocol of `bench/C/bench.h` and `bench/peers/protocol.py`).
/// `id` names the workload (`WorkloadNames` turns it into words); `role` is
/// `floor`, `peer` or `cloudkit`; `value` is nil when it could not be
/// measured, and `note` says why ("not installed").
struct Figure: Codable, Sendable {
    var id: String
    var subject: String
    var role: String
    var value: Double?
    var unit: String
    var note: String?

    static let swiftSubject = "cloudkit (Swift)"

    /// Prints one figure line of this process (the Swift API contender by default).
    static func emit(_ id: String, _ value: Double?, _ unit: String, subject: String = swiftSubject, role: String = "cloudkit") {
        let figure = Figure(id: id, subject: subject, role: role, value: value, unit: unit, note: nil)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(figure) else { return }
        FileHandle.standardOutput.write(data + Data("\n".utf8))
    }
}
