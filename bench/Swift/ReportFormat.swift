import Foundation

/// How figures and ratios are written in the table.
enum ReportFormat {
    static func number(_ value: Double) -> String {
        switch abs(value) {
        case 1000...: value.formatted(.number.precision(.fractionLength(0)).grouping(.automatic))
        case 100...: String(format: "%.0f", value)
        case 10...: String(format: "%.1f", value)
        default: String(format: "%.2f", value)
        }
    }

    static func ratio(_ value: Double) -> String { String(format: "%.2f×", value) }

    /// A markdown table row.
    static func row(_ cells: [String]) -> String { "| " + cells.joined(separator: " | ") + " |" }
}
