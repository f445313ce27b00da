import CloudKit
import Foundation

/// `cloudkit-bench report --figures FILE --json OUT --mode quick|full [--failures FILE]`:
/// gathers the figure lines every contender printed into FILE, prints the
/// table and the goals, and writes the report as JSON.
enum ReportCommand {
    static func run(_ arguments: Arguments) throws {
        let figuresPath = arguments.string("--figures", "")
        let jsonPath = arguments.string("--json", "bench/results.json")
        var failures = lines(arguments.string("--failures", ""))
        var figures: [Figure] = []
        let decoder = JSONDecoder()
        for line in lines(figuresPath) {
            if let figure = try? decoder.decode(Figure.self, from: Data(line.utf8)) {
                figures.append(figure)
            } else {
                failures.append("not a figure: \(line)")
            }
        }
        let report = BenchReport(figures: figures, mode: arguments.string("--mode", "full"), failures: failures)
        print(report.table())
        let goals = report.goals()
        if !goals.isEmpty {
            print("\nGoals (issue 15):")
            for goal in goals { print("- \(goal)") }
        }
        if !failures.isEmpty {
            print("\nProblems:")
            for failure in failures { print("- \(failure)") }
        }
        try report.json().write(to: URL(fileURLWithPath: jsonPath))
        print("\nwritten to \(jsonPath)")
    }

    static func lines(_ path: String) -> [String] {
        guard !path.isEmpty, let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").map(String.init).filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
    }
}
