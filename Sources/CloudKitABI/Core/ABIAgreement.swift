import CCloudKitABI
import CloudKitModel
import Synchronization

/// The minor version both sides speak (rule 2d): a provider learns the
/// host's minor at init and hands it nothing newer. When a library is
/// initialised by several hosts, the lowest minor wins for all of them.
public enum ABIAgreement {
    /// The minor this build of the header defines.
    public static let currentMinor = UInt32(CK_ABI_VERSION_MINOR)

    private static let agreed = Atomic<UInt32>(UInt32(CK_ABI_VERSION_MINOR))

    /// The minor that defined `CK_CONTENT_LENGTH_UNKNOWN` (a put's read body of unknown length).
    public static let unknownContentLengthMinor: UInt32 = 4

    /// Whether a provider whose table announces `providerMinor` takes a put
    /// body of unknown length; for an older one the host spools the body
    /// to learn its length (rule 2d, the host's side).
    public static func acceptsUnknownLength(providerMinor: UInt32) -> Bool {
        providerMinor >= unknownContentLengthMinor
    }

    /// The minor that defined `ck_get_object_request.reserve` (a body read into the host's memory).
    public static let lentBodyMemoryMinor: UInt32 = 6

    /// Whether a provider whose table announces `providerMinor` may be given
    /// a `reserve` (an older one refuses the unknown member, rule 2b); for
    /// an older one the host copies the body the provider lends.
    public static func lendsBodyMemory(providerMinor: UInt32) -> Bool {
        providerMinor >= lentBodyMemoryMinor
    }

    /// The minor results are written for.
    public static var minor: UInt32 { agreed.load(ordering: .acquiring) }

    /// Records a host's minor; the agreed minor only ever goes down.
    public static func hostAnnounced(minor: UInt32) {
        var current = agreed.load(ordering: .relaxed)
        while minor < current {
            let (exchanged, original) = agreed.compareExchange(expected: current, desired: minor, ordering: .acquiringAndReleasing)
            if exchanged { return }
            current = original
        }
    }

    /// The `ck_kind` to hand a reader of `minor` for `kind`: a kind newer
    /// than the reader becomes `internal` (the status keeps the provider's
    /// code).
    public static func kind(_ kind: CloudErrorKind, forMinor minor: UInt32) -> Int32 {
        minor >= introducedIn(kind) ? kind.rawValue : Int32(CK_ERR_INTERNAL.rawValue)
    }

    /// The minor that added `kind` to `ck_kind`. Every kind so far is from
    /// 1.0; a kind added later gets a case here with its minor.
    static func introducedIn(_ kind: CloudErrorKind) -> UInt32 {
        switch kind {
        default: 0
        }
    }
}
