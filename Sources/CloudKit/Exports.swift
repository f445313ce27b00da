// The host's public vocabulary (CloudError, ObjectInfo, requests, the
// ObjectStorage protocol) lives in CloudKitModel; importing CloudKit is enough.
@_exported import CloudKitModel
