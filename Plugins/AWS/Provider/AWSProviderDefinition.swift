import AWSAuth
import AWSHTTP
import CloudKitModel
import CloudKitProviderSupport
import Foundation

/// The AWS provider: S3, DynamoDB, SQS, SNS and Lambda, over libcurl with SigV4 and the standard credential chain.
public enum AWSProviderDefinition: ProviderDefinition {
    public static let name = "aws"
    public static let summary = "Amazon Web Services: S3, DynamoDB, SQS, SNS, Lambda (SigV4, libcurl, the standard credential chain)"
    public static let options = AWSConfiguration.optionDescriptions.map { ProviderOption($0.0, $0.1) }

    public static func open(options: [String: String], logger: ProviderLogger) throws(CloudError) -> any ProviderClient {
        try AWSClient(configuration: AWSConfiguration(options: options, environment: ProcessInfo.processInfo.environment), logger: logger)
    }
}

/// An open AWS client: one HTTP transport and credential chain shared by its services.
public final class AWSClient: ProviderClient {
    public let configuration: AWSConfiguration
    let transport: CurlTransport
    let s3: S3Client
    let dynamoDB: DynamoDBClient
    let sqs: SQSClient
    let sns: SNSClient
    let lambda: LambdaClient
    let credentials: RefreshingCredentialProvider
    let sts: STSClient
    public var storage: (any ObjectStorage)? { s3 }
    public var kv: (any KeyValueStore)? { dynamoDB }
    public var queues: (any MessageQueues)? { sqs }
    public var pubsub: (any PubSub)? { sns }
    public var functions: (any Functions)? { lambda }
    /// Each request is signed and handed to the transport on the host's
    /// thread, and its reply is read on the transport's loop thread: no hop
    /// to the Swift pool and back for a small request. The stretches that
    /// take longer move to the pool (`ProviderWork.onPool`): hashing a large
    /// body, multipart uploads, the parts of a ranged download, large replies.
    public func callPlacement(for service: ProviderService) -> CallPlacement { .callerThread }

    public init(configuration: AWSConfiguration, logger: ProviderLogger) throws(CloudError) {
        self.configuration = configuration
        transport = try CurlTransport(options: configuration.transport)
        let chain = try AWSCredentialChain.standard(configuration: configuration, transport: transport, logger: logger)
        s3 = try S3Client(configuration: configuration, transport: transport, credentials: chain, logger: logger)
        dynamoDB = try DynamoDBClient(configuration: configuration, transport: transport, credentials: chain, logger: logger)
        sqs = try SQSClient(configuration: configuration, transport: transport, credentials: chain, logger: logger)
        credentials = chain
        sts = try STSClient(configuration: configuration, transport: transport, credentials: chain, logger: logger)
        let account = AWSAccount(sts: sts, region: configuration.region)
        lambda = try LambdaClient(configuration: configuration, transport: transport, credentials: chain, logger: logger)
        sns = try SNSClient(configuration: configuration, transport: transport, credentials: chain, account: account, sqs: sqs, logger: logger)
        logger.debug("aws provider: region \(configuration.region)")
    }

    /// STS `GetCallerIdentity` with the chain's credentials, and which source gave them.
    public func identity() async throws(CloudError) -> JSONValue {
        let source = try await credentials.resolve().source
        let identity = try await sts.callerIdentity()
        return .object(["account": .string(identity.account), "arn": .string(identity.arn), "userId": .string(identity.userID), "source": .string(source)])
    }

    public func shutdown() {
        transport.shutdown()
    }
}
