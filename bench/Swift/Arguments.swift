/// The command line of `cloudkit-bench COMMAND --name value …`.
struct Arguments: Sendable {
    let values: [String]

    var command: String { values.first ?? "" }

    func string(_ name: String, _ fallback: String) -> String {
        guard let index = values.firstIndex(of: name), index + 1 < values.count else { return fallback }
        return values[index + 1]
    }

    func int(_ name: String, _ fallback: Int) -> Int { Int(string(name, "")) ?? fallback }

    func double(_ name: String, _ fallback: Double) -> Double { Double(string(name, "")) ?? fallback }

    func flag(_ name: String) -> Bool { values.contains(name) }
}
