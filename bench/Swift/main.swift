import Foundation

/// `cloudkit-bench COMMAND …`: cloudkit's Swift API as one contender of
/// `bash bench/run`, and the report that gathers every contender's figures.
///   s3-small, s3-large   S3 workloads against the object server (S3Workloads)
///   local                the local provider's workloads (LocalWorkloads)
///   sign                 SigV4 signing (SigningWorkload)
///   long-polls           calls beside 1,000 waiting long polls (LongPollWorkload)
///   report               the table, the goals and the JSON (ReportCommand)
/// Each workload command prints figure lines (see Figure); bench/run runs them.
let arguments = Arguments(values: Array(CommandLine.arguments.dropFirst()))
do {
    switch arguments.command {
    case "s3-small": try await S3Workloads.small(arguments)
    case "s3-large": try await S3Workloads.large(arguments)
    case "local": try await LocalWorkloads.run(arguments)
    case "sign": SigningWorkload.run(arguments)
    case "long-polls":
        try await LongPollWorkload(root: arguments.string("--root", ""), polls: arguments.int("--polls", 1000), calls: arguments.int("--calls", 500)).run()
    case "report": try ReportCommand.run(arguments)
    default:
        FileHandle.standardError.write(Data("usage: cloudkit-bench s3-small|s3-large|local|sign|long-polls|report …\n".utf8))
        exit(2)
    }
} catch {
    FileHandle.standardError.write(Data("cloudkit-bench \(arguments.command): \(error)\n".utf8))
    exit(1)
}
