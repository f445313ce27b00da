import CCloudKitABI

/// The cloudkit release version, one for the CLI, the host library and every
/// provider. It is written once, as `CLOUDKIT_VERSION` in
/// `abi/cloudkit_version.h`, so C providers and Swift read the same value.
public enum CloudKitVersion {
    /// "MAJOR.MINOR.PATCH", e.g. "0.5.0".
    public static let current: String = CLOUDKIT_VERSION
}
