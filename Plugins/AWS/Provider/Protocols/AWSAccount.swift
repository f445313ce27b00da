import CloudKitModel
import Synchronization

/// The caller's account and partition, from STS `GetCallerIdentity` once per
/// client; used to build ARNs from names (a topic named "orders" is
/// `arn:aws:sns:<region>:<account>:orders`).
final class AWSAccount: Sendable {
    let sts: STSClient
    let region: String
    private let cached = Locked<String?>(nil)

    init(sts: STSClient, region: String) {
        self.sts = sts
        self.region = region
    }

    /// "aws", "aws-cn" or "aws-us-gov", from the region.
    var partition: String {
        if region.hasPrefix("cn-") { return "aws-cn" }
        if region.hasPrefix("us-gov-") { return "aws-us-gov" }
        return "aws"
    }

    /// The account id of the credentials in use.
    func accountID() async throws(CloudError) -> String {
        if let account = cached.withLock({ $0 }) { return account }
        let account = try await sts.callerIdentity().account
        cached.withLock { $0 = account }
        return account
    }

    /// The ARN of a resource of `service` named `name` in this region and account.
    func arn(service: String, name: String) async throws(CloudError) -> String {
        "arn:\(partition):\(service):\(region):\(try await accountID()):\(name)"
    }
}
