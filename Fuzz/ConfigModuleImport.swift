// ConfigFile.swift gets CloudKitModel (CloudError) through the CloudKit
// module's @_exported import; the fuzz target compiles it alone, so it
// re-exports the model the same way.
@_exported import CloudKitModel
