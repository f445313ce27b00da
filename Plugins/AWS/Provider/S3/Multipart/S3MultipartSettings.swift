import CloudKitModel

/// When and how S3 uploads an object in parts (multipart upload), as the
/// AWS CLI and SDK transfer managers do: bodies of `threshold` bytes or more
/// go in parts of `partSize` bytes (grown when 10,000 parts would not hold
/// the body), `concurrency` parts at a time.
public struct S3MultipartSettings: Sendable, Hashable {
    /// Bodies this large or larger are uploaded in parts.
    public var threshold: Int64
    /// The preferred size of each part but the last.
    public var partSize: Int64
    /// How many parts of one upload are sent at once.
    public var concurrency: Int

    /// S3's smallest part (all but the last).
    public static let minimumPartSize: Int64 = 5 << 20
    /// S3's largest part.
    public static let maximumPartSize: Int64 = 5 << 30
    /// S3's most parts in one upload.
    public static let maximumParts: Int64 = 10_000

    /// Settings with S3's limits applied (`partSize` at least 5 MiB, `concurrency` at least 1).
    public init(threshold: Int64 = 8 << 20, partSize: Int64 = 8 << 20, concurrency: Int = 4) {
        self.threshold = threshold
        self.partSize = min(max(partSize, Self.minimumPartSize), Self.maximumPartSize)
        self.concurrency = max(concurrency, 1)
    }

    /// Whether a body of `size` bytes is uploaded in parts.
    public func usesParts(forSize size: Int64) -> Bool { size >= threshold }

    /// The part size for a body of `size` bytes: the preferred size, grown
    /// in whole MiB until at most 10,000 parts hold the body. `invalid
    /// argument` when even 10,000 parts of 5 GiB cannot.
    public func partSize(forSize size: Int64) throws(CloudError) -> Int64 {
        guard size <= Self.maximumParts * Self.maximumPartSize else {
            throw CloudError(.invalidArgument, "a body of \(size) bytes is larger than S3 can store in one object", code: "EntityTooLarge")
        }
        let needed = (size + Self.maximumParts - 1) / Self.maximumParts
        guard needed > partSize else { return partSize }
        let mebibyte: Int64 = 1 << 20
        return min((needed + mebibyte - 1) / mebibyte * mebibyte, Self.maximumPartSize)
    }

    /// How many parts of a body of unknown length keep one size before it doubles.
    public static let streamPartsPerSize = 1_000

    /// The size of part `part` (1…10,000) of a body of unknown length: the
    /// preferred size for the first 1,000 parts, doubling every 1,000 parts
    /// after (S3 allows parts of different sizes), up to 5 GiB — so memory
    /// stays at `concurrency` parts of the preferred size for bodies up to
    /// 1,000 of them, and 10,000 parts still reach S3's largest object.
    public func streamPartSize(part: Int) -> Int64 {
        let doublings = min(max(part - 1, 0) / Self.streamPartsPerSize, 20)
        return min(partSize << Int64(doublings), Self.maximumPartSize)
    }

    /// A body of unknown length that goes on past S3's last part.
    public static var tooManyParts: CloudError {
        CloudError(
            .invalidArgument, "the body did not end within \(maximumParts) parts, the most S3 joins into one object", code: "EntityTooLarge")
    }
}
