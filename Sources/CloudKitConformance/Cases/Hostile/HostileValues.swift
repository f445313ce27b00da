/// Values no well-behaved host would send.
enum HostileValues {
    /// `prefix` followed by bytes that are not UTF-8 (a cut sequence and 0xFF), NUL-terminated.
    static func invalidUTF8(_ prefix: String) -> [CChar] {
        prefix.utf8.map { CChar(bitPattern: $0) } + [CChar(bitPattern: 0xC3), CChar(bitPattern: 0xFF), 0]
    }
}
