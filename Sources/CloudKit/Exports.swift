// The host's public vocabulary (CloudError, ObjectInfo, requests, the
// ObjectStorage protocol) lives in CloudKitModel; importing CloudKit is enough.
@_exported import CloudKitModel

// The release version (`CloudKitVersion.current`), the same for the host and every provider.
@_exported import enum CloudKitABI.CloudKitVersion
