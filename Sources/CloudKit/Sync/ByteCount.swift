/// Byte counts as people read them.
public enum ByteCount {
    /// `512 B`, `1.5 KiB`, `12.0 MiB`, … (powers of 1024, one decimal).
    public static func human(_ bytes: Int64) -> String {
        guard bytes >= 1024 || bytes <= -1024 else { return "\(bytes) B" }
        var value = Double(bytes)
        var unit = 0
        let units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"]
        while abs(value) >= 1024, unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        let tenths = (value * 10).rounded()
        return "\(Int64(tenths) / 10).\(abs(Int64(tenths) % 10)) \(units[unit])"
    }
}
