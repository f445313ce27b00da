#if canImport(Glibc)
import Glibc
#endif
import CCloudKitABI
import CloudKitModel

/// A C struct of the ABI that begins with `struct_size` and grows by
/// appending members (the header's rule 2). Each conforming type says its
/// name for messages and its size at each minor version where it grew.
public protocol ABIStructType {
    /// The C name, for messages ("ck_put_object_request").
    static var abiName: String { get }
    /// `(minor, size)` for the 1.0 layout and each minor that appended
    /// members, ascending; each size is the end of the last member of that
    /// version. The first is the smallest `struct_size` a reader accepts.
    static var sizes: [(minor: UInt32, size: Int)] { get }
    /// A value with every member zero (its documented default).
    init()
}

extension ABIStructType {
    /// The end of `member` in this struct: its offset plus its size.
    public static func end<Member>(_ member: KeyPath<Self, Member>) -> Int {
        (MemoryLayout<Self>.offset(of: member) ?? MemoryLayout<Self>.size) + MemoryLayout<Member>.size
    }

    /// The smallest `struct_size` a reader accepts: the end of the last 1.0 member.
    public static var firstSize: Int { sizes.first?.size ?? MemoryLayout<Self>.size }

    /// The `struct_size` to write for a reader of `minor`: the size of the
    /// newest version at or below it (results never carry members newer
    /// than the reader's minor).
    public static func size(forMinor minor: UInt32) -> Int {
        sizes.last(where: { $0.minor <= minor })?.size ?? firstSize
    }

    /// Whether a struct of `structSize` bytes holds all of `member` (`CK_HAS_MEMBER`).
    public static func has<Member>(_ member: KeyPath<Self, Member>, structSize: Int) -> Bool {
        structSize >= end(member)
    }
}

/// Reads borrowed ABI structs under the growth rules of `abi/cloudkit.h`
/// (rule 2a–c), for the host and the provider kit alike:
/// - a `struct_size` below the 1.0 size is `invalid argument`;
/// - members past the given size read as zero, their documented default;
/// - bytes past what this side knows must be zero, else `unsupported`
///   naming the struct and the offset, so a newer writer's request is never
///   half-served.
public enum ABIStruct {
    /// More than this is not a struct size but garbage (a struct would have
    /// to grow by thousands of members to get there).
    static let plausibleSize = 1 << 16

    /// What a reader does with bytes past the members it knows.
    public enum UnknownTail: Sendable {
        /// They must be zero (requests: a newer host's request is never half-served).
        case refuse
        /// They are ignored (a provider's tables and results: the host never
        /// uses an entry or member it does not know).
        case ignore
    }

    /// A copy of the struct at `pointer` with the growth rules applied.
    /// `name` names the argument in messages ("put_object request").
    public static func read<T: ABIStructType>(
        _ pointer: UnsafePointer<T>?, _ name: String, unknownTail: UnknownTail = .refuse
    ) throws(CloudError) -> T {
        guard let pointer else { throw .invalidArgument("\(name) is required (got NULL)") }
        let raw = UnsafeRawPointer(pointer)
        let given = raw.load(as: Int.self)
        let known = MemoryLayout<T>.size
        guard given >= T.firstSize else {
            throw .invalidArgument(
                "\(name) (\(T.abiName)) struct_size is \(given); at least \(T.firstSize), its ABI 1.0 size, is required")
        }
        guard given <= plausibleSize else {
            throw .invalidArgument("\(name) (\(T.abiName)) struct_size \(given) is not a plausible size")
        }
        if given > known, unknownTail == .refuse {
            let tail = UnsafeRawBufferPointer(start: raw + known, count: given - known)
            if let index = tail.firstIndex(where: { $0 != 0 }) {
                throw CloudError(
                    .unsupported,
                    "\(name) (\(T.abiName)) sets a member at byte offset \(known + index) that this side does not know "
                        + "(it knows \(known) bytes, ABI \(CK_ABI_VERSION_MAJOR).\(CK_ABI_VERSION_MINOR)); members it does not know must be zero",
                    code: "UnknownMember")
            }
        }
        var value = T()
        withUnsafeMutableBytes(of: &value) { destination in
            if let base = destination.baseAddress { memcpy(base, raw, min(given, known)) }
        }
        return value
    }
}
