import Foundation

/// The `tags` object option: URL-encoded `key=value&key2=value2`, as S3's
/// `x-amz-tagging`, with S3's rules (every provider applies the same ones):
/// at most 10 tags, keys unique and 1 to 128 characters, values up to 256,
/// letters, digits, spaces and `+ - = . _ : / @`.
public enum ObjectTagSet {
    public static let maximumTags = 10
    public static let maximumKeyLength = 128
    public static let maximumValueLength = 256

    /// The decoded tags of `text`, in order; `invalid argument` naming `tags` when it breaks a rule.
    public static func parse(_ text: String) throws(CloudError) -> [(key: String, value: String)] {
        var tags: [(key: String, value: String)] = []
        var keys: Set<String> = []
        for pair in text.split(separator: "&", omittingEmptySubsequences: false) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, let key = decode(parts[0]), let value = decode(parts[1]) else {
                throw invalid("must be URL-encoded key=value pairs joined by &")
            }
            guard !key.isEmpty, key.count <= maximumKeyLength else { throw invalid("has a key that is empty or longer than \(maximumKeyLength) characters") }
            guard value.count <= maximumValueLength else { throw invalid("has a value longer than \(maximumValueLength) characters") }
            guard (key + value).allSatisfy(isAllowed) else { throw invalid("may hold only letters, digits, spaces and + - = . _ : / @") }
            guard keys.insert(key).inserted else { throw invalid("names the key '\(key)' twice") }
            tags.append((key, value))
        }
        guard tags.count <= maximumTags else { throw invalid("has \(tags.count) tags; at most \(maximumTags) are allowed") }
        return tags
    }

    /// The `tag_count` property for a stored `tags` value (nil when it does not parse).
    public static func count(_ text: String) -> String? {
        (try? parse(text)).map { String($0.count) }
    }

    private static func decode(_ part: Substring) -> String? {
        part.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }

    private static func isAllowed(_ character: Character) -> Bool {
        character.isLetter || character.isNumber || character == " " || "+-=._:/@".contains(character)
    }

    private static func invalid(_ problem: String) -> CloudError {
        CloudError(.invalidArgument, "object option 'tags' \(problem)", code: "InvalidTag")
    }
}
