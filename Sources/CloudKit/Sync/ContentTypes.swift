/// The content type an upload gets when none is given (`storage put`,
/// `storage sync`), from the name's extension, case-insensitively, in a
/// fixed table of common types, else `application/octet-stream`. The table
/// is built in (the machine's `/etc/mime.types` is not read) so that the
/// same file is stored with the same type on every machine.
public enum ContentTypes {
    /// What an unknown or missing extension gets.
    public static let fallback = "application/octet-stream"

    /// Extension (lower case, no dot) → content type.
    public static let table: [String: String] = [
        "html": "text/html", "htm": "text/html", "css": "text/css", "js": "text/javascript", "mjs": "text/javascript",
        "json": "application/json", "map": "application/json", "txt": "text/plain", "text": "text/plain", "log": "text/plain",
        "md": "text/markdown", "csv": "text/csv", "tsv": "text/tab-separated-values", "xml": "application/xml",
        "yaml": "application/yaml", "yml": "application/yaml", "toml": "application/toml",
        "png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "gif": "image/gif", "svg": "image/svg+xml",
        "webp": "image/webp", "avif": "image/avif", "ico": "image/vnd.microsoft.icon", "bmp": "image/bmp", "tif": "image/tiff",
        "tiff": "image/tiff", "heic": "image/heic",
        "pdf": "application/pdf", "zip": "application/zip", "gz": "application/gzip", "tgz": "application/gzip",
        "bz2": "application/x-bzip2", "xz": "application/x-xz", "zst": "application/zstd", "tar": "application/x-tar",
        "7z": "application/x-7z-compressed", "wasm": "application/wasm",
        "mp4": "video/mp4", "m4v": "video/mp4", "webm": "video/webm", "mov": "video/quicktime", "mkv": "video/x-matroska",
        "mp3": "audio/mpeg", "m4a": "audio/mp4", "wav": "audio/wav", "ogg": "audio/ogg", "flac": "audio/flac", "opus": "audio/opus",
        "woff": "font/woff", "woff2": "font/woff2", "ttf": "font/ttf", "otf": "font/otf",
        "ics": "text/calendar", "rtf": "application/rtf", "epub": "application/epub+zip",
    ]

    /// The type for `name` (a file name, path or key: only the part after
    /// the last `/` counts, and an extension is what follows its last `.`,
    /// so `.bashrc` and `README` have none).
    public static func guess(for name: String) -> String {
        let base = name.split(separator: "/", omittingEmptySubsequences: false).last ?? Substring(name)
        guard let dot = base.lastIndex(of: "."), dot != base.startIndex else { return fallback }
        let suffix = base[base.index(after: dot)...].lowercased()
        return table[suffix] ?? fallback
    }
}
