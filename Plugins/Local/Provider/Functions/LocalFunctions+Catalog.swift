import CloudKitModel
import CloudKitProviderSupport

extension LocalFunctions {
    /// The most functions one page lists (and the default page size), as Lambda's.
    static let maximumPageSize = 50

    /// Describes a function (or one version of it, by qualifier or by
    /// `name:qualifier` / ARN): its ARN, the executable's path as handler,
    /// runtime "provided", the timeout, the file's modification time in
    /// Lambda's format, state "Active". `not found` when there is no such
    /// executable, `permission denied` when the file cannot be executed.
    public func getFunction(_ function: String, qualifier: String?) async throws(CloudError) -> FunctionInfo {
        let reference = try FunctionReference.parse(function, qualifier: qualifier)
        return try await BlockingIO.run { _ throws(CloudError) in self.info(try self.locator.require(reference)) }
    }

    /// One page of the functions in the functions folder (executable regular
    /// files with valid names; versions, dotfiles and `.logs` are left out),
    /// sorted by name. `maxItems` is 1–50 (nil for 50); `nextPageToken` is
    /// set when more remain and continues strictly after the page. A missing
    /// folder lists nothing.
    public func listFunctions(pageToken: String?, maxItems: Int?) async throws(CloudError) -> FunctionPage {
        let limit = maxItems ?? Self.maximumPageSize
        guard (1...Self.maximumPageSize).contains(limit) else {
            throw CloudError(.invalidArgument, "maxItems must be 1 to \(Self.maximumPageSize), not \(limit)", code: "InvalidParameterValueException")
        }
        if let pageToken, !FunctionReference.isValidName(pageToken) {
            throw CloudError(.invalidArgument, "the page token is not one this provider returned", code: "InvalidParameterValueException")
        }
        return try await BlockingIO.run { _ throws(CloudError) in try self.listNow(after: pageToken, limit: limit) }
    }

    private func listNow(after token: String?, limit: Int) throws(CloudError) -> FunctionPage {
        let names = try FileSystem.entries(locator.folder)
            .filter { name in FunctionReference.isValidName(name) && (token.map { name > $0 } ?? true) && locator.isExecutable(name) }
            .sorted()
        let page = names.prefix(limit)
        // A function removed since the folder was read is left out.
        let functions = page.compactMap { name in
            try? locator.require(FunctionReference(name: name, qualifier: nil))
        }.map(info)
        return FunctionPage(functions: functions, nextPageToken: names.count > limit ? page.last : nil)
    }

    /// The configuration Lambda would report for `executable`.
    func info(_ executable: FunctionExecutable) -> FunctionInfo {
        FunctionInfo(
            name: executable.reference.name, arn: executable.reference.arn, runtime: "provided", handler: executable.path, memoryMB: nil,
            timeoutSeconds: max(1, Int(timeoutSeconds.rounded(.up))), lastModified: FunctionTimestamp.lambda(executable.modified),
            state: "Active")
    }
}
