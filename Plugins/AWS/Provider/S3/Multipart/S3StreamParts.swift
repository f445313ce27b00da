import CloudKitModel
import Foundation

/// The parts of a body of unknown length, read in order as they fill
/// (`S3MultipartSettings.streamPartSize`). The first part is held here
/// until it is taken, so no caller keeps a second reference to it.
/// Blocking: call it from `BlockingIO.run(.transfers)`, one part at a time.
final class S3StreamParts: Sendable {
    private let reader: S3PartReader
    private let settings: S3MultipartSettings
    private let first = Locked<Data?>(nil)
    private let read = Locked<Int64>(0)

    init(_ body: BodyReader, settings: S3MultipartSettings) throws(CloudError) {
        reader = try S3PartReader(.stream(length: nil, reader: body), length: nil)
        self.settings = settings
    }

    /// The bytes read so far (the body's size once `part` has returned nil).
    var size: Int64 { read.withLock { $0 } }

    /// Reads the first part and holds it; true when the body ended within
    /// it (it then goes up as one PUT).
    func readFirst() throws(CloudError) -> Bool {
        let size = settings.streamPartSize(part: 1)
        let data = try reader.upTo(Int(size))
        read.withLock { $0 = Int64(data.count) }
        first.withLock { $0 = data }
        return Int64(data.count) < size
    }

    /// Takes the held first part (empty once taken).
    func takeFirst() -> Data {
        first.withLock { held in
            defer { held = nil }
            return held ?? Data()
        }
    }

    /// Part `number`: the held first part for 1, else the next bytes up to
    /// the part's size; nil once the body has ended. Past S3's last part,
    /// one more byte is `invalid argument` (`EntityTooLarge`).
    func part(_ number: Int) throws(CloudError) -> Data? {
        if number == 1 {
            let data = takeFirst()
            return data.isEmpty ? nil : data
        }
        guard Int64(number) <= S3MultipartSettings.maximumParts else {
            guard try reader.upTo(1).isEmpty else { throw S3MultipartSettings.tooManyParts }
            return nil
        }
        let data = try reader.upTo(Int(settings.streamPartSize(part: number)))
        guard !data.isEmpty else { return nil }
        read.withLock { $0 += Int64(data.count) }
        return data
    }
}
