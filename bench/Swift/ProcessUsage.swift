import Foundation

/// What this process has used so far: its peak resident set size and its
/// CPU time (user and system, all threads).
enum ProcessUsage {
    private static func usage() -> rusage? {
        var usage = rusage()
        guard getrusage(Int32(RUSAGE_SELF.rawValue), &usage) == 0 else { return nil }
        return usage
    }

    static func peakRSSMebibytes() -> Double? {
        usage().map { Double($0.ru_maxrss) / 1024 }  // KiB on Linux
    }

    static func cpuSeconds() -> Double {
        guard let usage = usage() else { return 0 }
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }
}
