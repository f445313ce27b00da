/// A shell-style pattern matched against a whole relative path, as
/// `aws s3 sync --exclude` matches: `*` is any run of characters, `/`
/// included; `?` is any one character; `[abc]`, `[a-z]` and `[!abc]` (or
/// `[^abc]`) are one character of (or not of) a set; `\` makes the next
/// character literal. A `[` without its `]` is a literal `[`.
public struct GlobPattern: Sendable, Hashable, CustomStringConvertible {
    /// The pattern as written.
    public let description: String
    private let tokens: [Token]

    private enum Token: Sendable, Hashable {
        case literal(Character)
        case any
        case anyRun
        case set(ranges: [ClosedRange<Character>], negated: Bool)
    }

    public init(_ pattern: String) {
        description = pattern
        tokens = Self.tokens(Array(pattern))
    }

    /// True when the pattern matches the whole of `path`.
    public func matches(_ path: String) -> Bool {
        let text = Array(path)
        // Iterative matching with one backtrack point for the last `*`: linear
        // in the common case, never exponential.
        var (t, p) = (0, 0)
        var star: (pattern: Int, text: Int)?
        while t < text.count {
            if p < tokens.count, tokens[p] == .anyRun {
                star = (p, t)
                p += 1
            } else if p < tokens.count, Self.token(tokens[p], accepts: text[t]) {
                t += 1
                p += 1
            } else if let resume = star {
                star = (resume.pattern, resume.text + 1)
                (p, t) = (resume.pattern + 1, resume.text + 1)
            } else {
                return false
            }
        }
        while p < tokens.count, tokens[p] == .anyRun { p += 1 }
        return p == tokens.count
    }

    private static func token(_ token: Token, accepts character: Character) -> Bool {
        switch token {
        case .literal(let literal): literal == character
        case .any: true
        case .anyRun: false
        case .set(let ranges, let negated): ranges.contains { $0.contains(character) } != negated
        }
    }

    private static func tokens(_ characters: [Character]) -> [Token] {
        var tokens: [Token] = []
        var index = 0
        while index < characters.count {
            let character = characters[index]
            index += 1
            switch character {
            case "*":
                if tokens.last != .anyRun { tokens.append(.anyRun) }
            case "?":
                tokens.append(.any)
            case "\\" where index < characters.count:
                tokens.append(.literal(characters[index]))
                index += 1
            case "[":
                if let (set, next) = bracket(characters, from: index) {
                    tokens.append(set)
                    index = next
                } else {
                    tokens.append(.literal("["))
                }
            default:
                tokens.append(.literal(character))
            }
        }
        return tokens
    }

    /// The set that starts after a `[` at `start`, and the index after its `]`; nil when it never closes.
    private static func bracket(_ characters: [Character], from start: Int) -> (Token, Int)? {
        var index = start
        var negated = false
        if index < characters.count, characters[index] == "!" || characters[index] == "^" {
            negated = true
            index += 1
        }
        var ranges: [ClosedRange<Character>] = []
        var first = true
        while index < characters.count {
            let character = characters[index]
            if character == "]", !first { return (.set(ranges: ranges, negated: negated), index + 1) }
            first = false
            if index + 2 < characters.count, characters[index + 1] == "-", characters[index + 2] != "]" {
                let end = characters[index + 2]
                if character <= end { ranges.append(character...end) }
                index += 3
            } else {
                ranges.append(character...character)
                index += 1
            }
        }
        return nil
    }
}
