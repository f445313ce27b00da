import CloudKitTestSupport
import Foundation
import Testing

/// The ABI only ever appends: every frozen header under `abi/history` and the
/// current `abi/cloudkit.h` are laid out by clang (`-fdump-record-layouts`),
/// and each minor must keep every struct of the one before it byte for byte.
@Suite("ABI history")
struct ABIHistoryTests {
    /// One member of a struct as clang laid it out.
    struct Member: Equatable, CustomStringConvertible {
        var name: String
        var offset: Int
        var size: Int
        var end: Int { offset + size }
        var description: String { "\(name) at \(offset), \(size) bytes" }
    }

    /// A struct's size and members, in declaration order.
    struct Layout {
        var name: String
        var size: Int
        var members: [Member]
        /// Where the last member ends (the size minus any tail padding).
        var dataEnd: Int { members.last?.end ?? 0 }
    }

    /// One header: a frozen release or the current one.
    struct Header: Sendable, CustomTestStringConvertible {
        var label: String
        var path: String
        var testDescription: String { label }
    }

    /// Two consecutive headers, the older first.
    struct Step: Sendable, CustomTestStringConvertible {
        var older: Header
        var newer: Header
        var testDescription: String { "\(older.label) → \(newer.label)" }
    }

    static let abiFolder = ProviderFixture.packageRoot.appendingPathComponent("abi").path
    static let current = Header(label: "current", path: "\(abiFolder)/cloudkit.h")

    /// Every `abi/history/cloudkit-1.N.h`, oldest first, as (N, header).
    static let frozen: [(minor: Int, header: Header)] = {
        let folder = "\(abiFolder)/history"
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return files.compactMap { file -> (Int, Header)? in
            guard file.hasPrefix("cloudkit-1."), file.hasSuffix(".h"),
                  let minor = Int(file.dropFirst("cloudkit-1.".count).dropLast(2)) else { return nil }
            return (minor, Header(label: "1.\(minor)", path: "\(folder)/\(file)"))
        }.sorted { $0.0 < $1.0 }
    }()

    /// Each frozen header and the current one, in release order.
    static var headers: [Header] { frozen.map(\.header) + [current] }

    /// 1.0 → 1.1 → … → current.
    static var steps: [Step] { zip(headers, headers.dropFirst()).map { Step(older: $0, newer: $1) } }

    /// The `ck_sync` helper stays on the host's side of the boundary.
    static let hostOnly: Set<String> = ["ck_sync"]

    // MARK: - Layouts from clang

    static var clang: String {
        ProgramRunner.which("clang") ?? "/opt/swift/usr/bin/clang"
    }

    /// The names of the structs a header defines (`typedef struct ck_x {`); opaque ones have no layout.
    static func structNames(in header: String) throws -> [String] {
        try String(contentsOfFile: header, encoding: .utf8).split(separator: "\n").compactMap { line in
            guard line.hasPrefix("typedef struct ck_"), line.contains("{") else { return nil }
            return String(line.dropFirst("typedef struct ".count).prefix { $0.isLetter || $0.isNumber || $0 == "_" })
        }
    }

    /// The layout of every struct `header` defines, by name.
    ///
    /// Clang's dump gives each member's name and offset and each struct's
    /// size; member sizes come from a second dump of probe structs whose
    /// members are `char[sizeof(member)]`.
    static func layouts(of header: String) async throws -> [String: Layout] {
        let names = try structNames(in: header)
        let folder = try ProviderFixture.temporaryDirectory("abi-layout")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.copyItem(atPath: header, toPath: "\(folder)/cloudkit.h")

        let sizes = names.map { "sizeof(\($0))" }.joined(separator: ", ")
        var layouts = try await dump("#include \"cloudkit.h\"\nsize_t ck_history_sizes[] = { \(sizes) };\n", in: folder, wanted: Set(names))
        let missing = names.filter { layouts[$0] == nil }
        guard missing.isEmpty else { throw LayoutError("clang laid out no \(missing) from \(header)") }

        var probes = "#include \"cloudkit.h\"\n"
        for name in names {
            let members = layouts[name]!.members.map { "    char m_\($0.name)[sizeof(((\(name) *)0)->\($0.name))];\n" }
            probes += "struct ck_history_probe_\(name) {\n\(members.joined())};\n"
        }
        probes += "size_t ck_history_probes[] = { \(names.map { "sizeof(struct ck_history_probe_\($0))" }.joined(separator: ", ")) };\n"
        let sized = try await dump(probes, in: folder, wanted: Set(names.map { "ck_history_probe_\($0)" }))
        for name in names {
            guard let probe = sized["ck_history_probe_\(name)"] else { throw LayoutError("clang laid out no probe for \(name)") }
            for (index, member) in layouts[name]!.members.enumerated() {
                guard let sizedMember = probe.members.first(where: { $0.name == "m_\(member.name)" }), sizedMember.size > 0 else {
                    throw LayoutError("no size for \(name).\(member.name)")
                }
                layouts[name]!.members[index].size = sizedMember.size
            }
        }
        return layouts
    }

    /// Compiles `source` with clang's record layout dump and parses the
    /// records named in `wanted`: their top-level members (offset and name;
    /// a size only for `char[N]` members) and their size.
    static func dump(_ source: String, in folder: String, wanted: Set<String>) async throws -> [String: Layout] {
        try source.write(toFile: "\(folder)/probe.c", atomically: true, encoding: .utf8)
        let outcome = try await ProgramRunner.run(clang, [
            "-std=c99", "-fsyntax-only", "-Xclang", "-fdump-record-layouts", "-I", folder, "\(folder)/probe.c",
        ])
        guard outcome.status == 0 else { throw LayoutError("clang failed: \(outcome.stderr)") }
        var layouts: [String: Layout] = [:]
        for block in outcome.text.components(separatedBy: "*** Dumping AST Record Layout").dropFirst() {
            var layout: Layout?
            for line in block.split(separator: "\n") {
                guard let bar = line.firstIndex(of: "|") else { continue }
                let offsetText = line[..<bar].trimmingCharacters(in: .whitespaces)
                let rest = line[line.index(after: bar)...]
                let indent = rest.prefix { $0 == " " }.count
                if offsetText.isEmpty, rest.hasPrefix(" [sizeof="), layout != nil {
                    let number = rest.dropFirst(" [sizeof=".count).prefix { $0.isNumber }
                    layout?.size = Int(number) ?? -1
                } else if indent == 1, layout == nil {
                    let record = rest.dropFirst()
                    guard record.hasPrefix("struct ") else { break }
                    let name = String(record.dropFirst("struct ".count))
                    guard wanted.contains(name) else { break }
                    layout = Layout(name: name, size: -1, members: [])
                } else if indent == 3, layout != nil {
                    let text = rest.dropFirst(3)
                    guard let space = text.lastIndex(of: " "), let offset = Int(offsetText) else {
                        throw LayoutError("cannot read the member line '\(line)'")
                    }
                    let type = text[..<space]
                    var size = 0
                    if type.hasPrefix("char["), let count = Int(type.dropFirst(5).prefix { $0.isNumber }) { size = count }
                    layout?.members.append(Member(name: String(text[text.index(after: space)...]), offset: offset, size: size))
                }
            }
            if let layout {
                guard layout.size >= 0 else { throw LayoutError("no size for \(layout.name)") }
                layouts[layout.name] = layout
            }
        }
        return layouts
    }

    struct LayoutError: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    /// What breaks old readers or writers between `older` and `newer`, one line each.
    static func incompatibilities(from older: [String: Layout], to newer: [String: Layout]) -> [String] {
        var problems: [String] = []
        for (name, old) in older.sorted(by: { $0.key < $1.key }) {
            guard let new = newer[name] else {
                problems.append("\(name) is gone")
                continue
            }
            for (index, member) in old.members.enumerated() {
                let now = index < new.members.count ? new.members[index] : nil
                if now != member {
                    problems.append("\(name): member \(index) was \(member), is \(now.map(\.description) ?? "missing")")
                }
            }
            for added in new.members.dropFirst(old.members.count) {
                if added.offset < old.dataEnd {
                    problems.append("\(name).\(added.name) (at \(added.offset)) begins before the end of \(old.members.last?.name ?? "the old members") (\(old.dataEnd))")
                } else if added.offset < old.size && !added.name.hasPrefix("reserved") {
                    problems.append("\(name).\(added.name) (at \(added.offset)) lies in the old tail padding (\(old.dataEnd)..<\(old.size)) but is not named reserved…")
                }
            }
            if new.size < old.size { problems.append("\(name) shrank from \(old.size) to \(new.size) bytes") }
        }
        return problems
    }

    // MARK: - Tests

    @Test("abi/history holds 1.0, 1.1 and 1.2, each declaring its own minor, and the current header is no older")
    func frozenHeaders() throws {
        #expect(Self.frozen.map(\.minor).starts(with: [0, 1, 2]), "frozen minors: \(Self.frozen.map(\.minor))")
        #expect(Self.frozen.map(\.minor) == Array(0..<Self.frozen.count), "a minor is missing: \(Self.frozen.map(\.minor))")
        func version(_ path: String, _ macro: String) throws -> Int? {
            let line = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").first { $0.hasPrefix("#define \(macro) ") }
            return line.flatMap { Int($0.split(separator: " ").last ?? "") }
        }
        for (minor, header) in Self.frozen {
            #expect(try version(header.path, "CK_ABI_VERSION_MAJOR") == 1, "\(header.path)")
            #expect(try version(header.path, "CK_ABI_VERSION_MINOR") == minor, "\(header.path)")
        }
        let currentMinor = try #require(try version(Self.current.path, "CK_ABI_VERSION_MINOR"))
        #expect(try version(Self.current.path, "CK_ABI_VERSION_MAJOR") == 1)
        #expect(currentMinor >= (Self.frozen.last?.minor ?? 0), "the current header is older than abi/history")
    }

    @Test("clang's layouts are read right: ck_provider ends with each minor's last entry, and boundary structs start with struct_size",
          arguments: headers)
    func layoutsAreRead(header: Header) async throws {
        let layouts = try await Self.layouts(of: header.path)
        #expect(layouts.count >= 40, "only \(layouts.keys.sorted()) in \(header.label)")
        let provider = try #require(layouts["ck_provider"])
        // 1.4 appended no member: it gave `content_length` a new value; 1.6 grew a request, not the table.
        let expectedLast = ["1.0": "functions", "1.1": "identity", "1.2": "cancel", "1.3": "capabilities", "1.4": "capabilities", "1.5": "set_client_log", "1.6": "set_client_log", "1.7": "lend"][header.label]
        if let expectedLast {
            #expect(provider.members.last?.name == expectedLast)
            #expect(provider.size == provider.dataEnd)
        }
        #expect(provider.members.first { $0.name == "abi_major" } == Member(name: "abi_major", offset: 8, size: 4))
        #expect(layouts["ck_pair"]?.members == [Member(name: "key", offset: 0, size: 8), Member(name: "value", offset: 8, size: 8)])
        for layout in layouts.values where layout.name != "ck_pair" && !Self.hostOnly.contains(layout.name) {
            #expect(layout.members.first == Member(name: "struct_size", offset: 0, size: MemoryLayout<Int>.size),
                    "\(layout.name) in \(header.label) does not start with size_t struct_size")
        }
    }

    @Test("each minor keeps every struct and member of the one before, and appends only after them", arguments: steps)
    func onlyAppends(step: Step) async throws {
        let older = try await Self.layouts(of: step.older.path)
        let newer = try await Self.layouts(of: step.newer.path)
        #expect(!older.isEmpty)
        let problems = Self.incompatibilities(from: older, to: newer)
        #expect(problems.isEmpty, "\(step.testDescription) breaks the ABI:\n\(problems.joined(separator: "\n"))")
    }

    /// Every constant a header gives a value — `#define CK_…` (continuation
    /// lines joined) and `CK_… = N` enum members — by name.
    static func constants(in header: String) throws -> [String: String] {
        let text = try String(contentsOfFile: header, encoding: .utf8).replacingOccurrences(of: "\\\n", with: " ")
        var constants: [String: String] = [:]
        for line in text.split(separator: "\n") {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("#define CK_") {
                let parts = trimmed.dropFirst("#define ".count).split(separator: " ", maxSplits: 1)
                constants[String(parts[0])] = parts.count > 1 ? parts[1].split(separator: " ").joined(separator: " ") : ""
            } else if trimmed.hasPrefix("CK_"), let equals = trimmed.range(of: " = ") {
                let value = trimmed[equals.upperBound...].prefix { $0 == "-" || $0.isNumber }
                constants[String(trimmed[..<equals.lowerBound])] = String(value)
            }
        }
        return constants
    }

    @Test("each minor keeps every constant of the one before with its value (only CK_ABI_VERSION_MINOR moves)", arguments: steps)
    func constantsKeepTheirValues(step: Step) throws {
        let older = try Self.constants(in: step.older.path)
        let newer = try Self.constants(in: step.newer.path)
        #expect(older["CK_ERR_INTERNAL"] == "13" && older["CK_HAS_MEMBER(ptr,"] != nil, "constants not read from \(step.older.path)")
        for (name, value) in older.sorted(by: { $0.key < $1.key }) where name != "CK_ABI_VERSION_MINOR" {
            #expect(newer[name] == value, "\(step.testDescription): \(name) was \(value), is \(newer[name] ?? "gone")")
        }
    }

    @Test("1.4 defines CK_CONTENT_LENGTH_UNKNOWN as -1, and no earlier header has it")
    func unknownLengthFromOneFour() throws {
        for (minor, header) in Self.frozen {
            let value = try Self.constants(in: header.path)["CK_CONTENT_LENGTH_UNKNOWN"]
            #expect(value == (minor >= 4 ? "(-1)" : nil), "1.\(minor): \(value ?? "absent")")
        }
        #expect(try Self.constants(in: Self.current.path)["CK_CONTENT_LENGTH_UNKNOWN"] == "(-1)")
    }

    @Test("a header with the same minor as a frozen one has exactly its layout (nothing appended without a new minor)")
    func sameMinorSameLayout() async throws {
        let text = try String(contentsOfFile: Self.current.path, encoding: .utf8)
        guard let frozen = Self.frozen.first(where: { text.contains("#define CK_ABI_VERSION_MINOR \($0.minor)\n") }) else { return }
        let old = try await Self.layouts(of: frozen.header.path)
        let new = try await Self.layouts(of: Self.current.path)
        #expect(Set(old.keys) == Set(new.keys))
        for (name, layout) in old {
            #expect(new[name]?.members == layout.members && new[name]?.size == layout.size,
                    "\(name) differs from \(frozen.header.label) without a new minor")
        }
    }

    @Test("no struct of the current header has tail padding (its size is where its last member ends)")
    func noTailPadding() async throws {
        let layouts = try await Self.layouts(of: Self.current.path)
        #expect(!layouts.isEmpty)
        let padded = layouts.values.filter { !Self.hostOnly.contains($0.name) && $0.size != $0.dataEnd }
            .sorted { $0.name < $1.name }
            .map { "\($0.name) (last member \($0.members.last?.name ?? "-") ends at \($0.dataEnd), size \($0.size))" }
        #expect(padded.isEmpty, "structs with tail padding: \(padded.joined(separator: ", "))")
    }
}
