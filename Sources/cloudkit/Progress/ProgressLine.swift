import CloudKit
import Foundation

/// One line on standard error that shows how a transfer is going — bytes
/// done, the total ("?" when unknown), the rate and the time left — redrawn
/// in place with `\r` at most 10 times a second, and cleared by `finish()`.
///
/// It is fed by the `ProgressHandler` of a request (`handler`), which
/// providers call from their own threads; every update and redraw runs under
/// one lock, so lines never interleave.
final class ProgressLine: Sendable {
    /// The shortest time between two redraws.
    static let redrawInterval: UInt64 = 100_000_000

    private struct State {
        var done: Int64 = 0
        var total: Int64 = -1
        /// When the line was last drawn (0: never).
        var drawn: UInt64 = 0
        /// The length of the text last drawn, to blank what a shorter one leaves.
        var width = 0
        /// Whether a line with done == total was drawn (that one is never throttled, once).
        var completeDrawn = false
        var finished = false
    }

    private let state = Locked(State())
    private let started: UInt64
    private let write: @Sendable (String) -> Void

    /// A line written with `write` (standard error by default).
    init(write: @escaping @Sendable (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) }) {
        self.write = write
        started = DispatchTime.now().uptimeNanoseconds
    }

    /// The handler to give a request.
    var handler: ProgressHandler { { [self] done, total in update(done: done, total: total) } }

    /// Records progress; redraws unless the last redraw was under 0.1 s ago
    /// (the first update, and the first that reaches a known total, are always drawn).
    func update(done: Int64, total: Int64) {
        let now = DispatchTime.now().uptimeNanoseconds
        state.withLock { state in
            guard !state.finished else { return }
            state.done = max(done, 0)
            state.total = total
            let completes = total >= 0 && done >= total && !state.completeDrawn
            guard state.drawn == 0 || now - state.drawn >= Self.redrawInterval || completes else { return }
            draw(&state, now: now)
            if completes { state.completeDrawn = true }
        }
    }

    /// Clears the line; later updates are ignored.
    func finish() {
        state.withLock { state in
            guard !state.finished else { return }
            state.finished = true
            guard state.drawn != 0 else { return }
            write("\r" + String(repeating: " ", count: state.width) + "\r")
        }
    }

    private func draw(_ state: inout State, now: UInt64) {
        let text = Self.text(done: state.done, total: state.total, seconds: Double(now - started) / 1e9)
        write("\r" + text + String(repeating: " ", count: max(0, state.width - text.count)))
        state.width = text.count
        state.drawn = max(now, 1)
    }

    /// The line's text: `12.0 MiB / 300.0 MiB  8.0 MiB/s  0:36 left`, with
    /// `?` for an unknown total, rate or time left.
    static func text(done: Int64, total: Int64, seconds: Double) -> String {
        let rate = seconds > 0 ? Double(done) / seconds : 0
        let totalText = total >= 0 ? bytes(Double(total)) : "?"
        let rateText = rate > 0 ? "\(bytes(rate))/s" : "?/s"
        var left = "?"
        if total >= 0, rate > 0 { left = clock(Double(max(total - done, 0)) / rate) }
        return "\(bytes(Double(done))) / \(totalText)  \(rateText)  \(left) left"
    }

    /// `512 B`, `1.5 KiB`, `12.0 MiB`, `3.2 GiB`, …
    static func bytes(_ count: Double) -> String {
        let units = ["KiB", "MiB", "GiB", "TiB", "PiB"]
        guard count >= 1024 else { return "\(Int(count)) B" }
        var value = count / 1024
        var unit = 0
        while value >= 1024 && unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        return String(format: "%.1f", value) + " " + units[unit]
    }

    /// `0:07`, `12:34`, `1:02:03`.
    static func clock(_ seconds: Double) -> String {
        let whole = Int(min(seconds.rounded(.up), 359_999))
        let (hours, minutes, rest) = (whole / 3600, whole / 60 % 60, whole % 60)
        return hours > 0 ? String(format: "%d:%02d:%02d", hours, minutes, rest) : String(format: "%d:%02d", minutes, rest)
    }
}
