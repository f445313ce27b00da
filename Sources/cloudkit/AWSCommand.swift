import ArgumentParser
import CloudKit

/// `cloudkit aws …`: commands about the AWS provider itself.
struct AWSCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "aws", abstract: "The AWS provider: who am I.", subcommands: [WhoAmICommand.self])
}

/// `cloudkit aws whoami`: STS GetCallerIdentity and the credential source that answered.
struct WhoAmICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "whoami", abstract: "Print the account, ARN and user id the AWS credentials belong to, and their source, as JSON.")
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        var options = global
        if options.provider == nil { options.provider = "aws" }
        print(try await options.load().identity().text)
    }
}
