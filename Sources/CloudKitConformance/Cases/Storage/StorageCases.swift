/// Every storage case, in the order a run reports them.
enum StorageCases {
    static let all: [ConformanceCase] =
        StorageObjectCases.all + StorageListingCases.all + StorageErrorCases.all + StorageOptionCases.all + StorageBodyCases.all
        + StorageUnknownLengthCases.all + StoragePresignCases.all
}
