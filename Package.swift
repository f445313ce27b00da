// swift-tools-version:6.0
import PackageDescription
import Foundation

/// Absolute path of this package, so linker flags can name files in it.
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().path

/// Keeps only `cloudkit_provider_init` exported from a provider library (a
/// linker version script, DESIGN.md rule 1). It is the package's one unsafe
/// flag: a package that depends on cloudkit by version may use the
/// `CloudKit` library and build the provider products
/// (`swift build --product cloudkit-local`), with the export list, but
/// SwiftPM refuses a target of it that depends on a provider product. With
/// `CLOUDKIT_PORTABLE_PROVIDERS=1` in the environment the flag is left out,
/// so that works too, and the providers also export their Swift symbols
/// (README, "Using cloudkit from another package"). No provider needs
/// `-z nodelete`: each pins itself when first initialised (CProviderPin).
let providerExportsOnly: [LinkerSetting] = Context.environment["CLOUDKIT_PORTABLE_PROVIDERS"] == "1" ? [] : [
    .unsafeFlags(["-Xlinker", "--version-script=\(packageRoot)/abi/provider.exports"])
]

/// Links a provider written in C with no Swift runtime. SwiftPM links every
/// dynamic product with the Swift driver, which on Linux adds `swiftrt.o`,
/// `-lswiftCore` and an rpath into the toolchain even when no Swift is in
/// the product. For an "Embedded" link the driver adds none of the three
/// (`GenericUnixToolchain+LinkerSupport.swift` in swift-driver), and the
/// flag changes nothing else when only C objects are linked: the library
/// then needs libc alone (`readelf -d` shows it; `CProgramTests` checks it).
let cOnlyLink: [LinkerSetting] = [.unsafeFlags(["-enable-experimental-feature", "Embedded"])]

/// The memory provider's C: strict C99 against abi/cloudkit.h only, every
/// symbol hidden but the one the version script exports.
let strictC99: [CSetting] = [
    .headerSearchPath("../../abi"),
    .unsafeFlags(["-std=c99", "-Wall", "-Wextra", "-Werror", "-pedantic", "-fvisibility=hidden"]),
]

let package = Package(
    name: "cloudkit",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "CloudKit", targets: ["CloudKit"]),
        .library(name: "CloudKitConformance", targets: ["CloudKitConformance"]),
        .executable(name: "cloudkit", targets: ["CloudKitCLI"]),
        .executable(name: "cloudkit-bench", targets: ["CloudKitBench"]),
        .library(name: "cloudkit-aws", type: .dynamic, targets: ["CloudKitAWS"]),
        .library(name: "cloudkit-local", type: .dynamic, targets: ["CloudKitLocal"]),
        .library(name: "cloudkit-memory", type: .dynamic, targets: ["CloudKitMemory"]),
        .library(name: "cloudkit-loader", type: .dynamic, targets: ["CloudKitLoaderLibrary"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
    ],
    targets: [
        // The C ABI, as a Swift module (header-only).
        .systemLibrary(name: "CCloudKitABI", path: "abi"),
        // System libraries the AWS provider builds on.
        .systemLibrary(name: "CLibCrypto", path: "Sources/CLibCrypto"),
        .target(name: "CCurl", path: "Sources/CCurl", linkerSettings: [.linkedLibrary("curl")]),
        // The system SQLite the local provider stores tables and queues in.
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite"),
        // epoll, eventfd and pidfd_open, which the local provider's function reactor waits on.
        .systemLibrary(name: "CLinuxEvents", path: "Sources/CLinuxEvents"),
        // openat2 and reads that never wait for the disk, which the local provider's file access uses.
        .systemLibrary(name: "CLinuxFiles", path: "Sources/CLinuxFiles"),
        // libxml2, which reads the XML replies of S3, SNS and STS.
        .systemLibrary(name: "CLibXML2", path: "Sources/CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),

        // Value types shared by the host and the providers (never crosses the ABI as Swift).
        .target(name: "CloudKitModel", path: "Sources/CloudKitModel"),
        // The one ABI codec layer: the growth rules, and for each ck_* family the code that
        // reads and writes it, used by both the host and the provider kit.
        .target(name: "CloudKitABI", dependencies: ["CCloudKitABI", "CloudKitModel"], path: "Sources/CloudKitABI"),
        // Keeps a provider library loaded for good once initialised (the run-time -z nodelete).
        .target(name: "CProviderPin", path: "Sources/CProviderPin", linkerSettings: [.linkedLibrary("dl")]),
        // Turns a Swift provider implementation into the C tables of the ABI.
        .target(
            name: "CloudKitProviderSupport",
            dependencies: ["CCloudKitABI", "CloudKitModel", "CloudKitABI", "CProviderPin", "CLinuxFiles"],
            path: "Sources/CloudKitProviderSupport"),

        // The loader, in plain C (abi/cloudkit_loader.h, by way of include/module.modulemap):
        // choosing, finding, loading and opening a provider. The Swift host links it statically.
        .target(
            name: "CloudKitLoader", dependencies: ["CCloudKitABI"], path: "Sources/CloudKitLoader",
            cSettings: [.headerSearchPath("../../abi")],
            linkerSettings: [.linkedLibrary("dl"), .linkedLibrary("pthread")]),
        // The same code as libcloudkit-loader.so, for C hosts, with no Swift runtime in it.
        // SwiftPM links every product with swiftc, which adds swiftrt.o, -lswiftCore and the
        // toolchain's rpath even when there is no Swift code; swiftc links as a plain C
        // linker only in Embedded mode, so the link (and only the link: no Swift is compiled
        // here) of this target says "Embedded". CLoaderTests checks with readelf that
        // nothing of Swift is needed. The flags live on this wrapper target, not on
        // CloudKitLoader, because a target's linker flags apply to every product that
        // contains it, and the CLI and the tests (which contain CloudKitLoader) are Swift.
        .target(
            name: "CloudKitLoaderLibrary", dependencies: ["CloudKitLoader"], path: "Sources/CloudKitLoaderLibrary",
            linkerSettings: [.unsafeFlags([
                "-enable-experimental-feature", "Embedded",
                "-Xlinker", "--version-script=\(packageRoot)/abi/loader.exports",
            ])]),

        // Host core and CLI.
        .target(
            name: "CloudKit",
            dependencies: ["CCloudKitABI", "CloudKitLoader", "CloudKitModel", "CloudKitABI", .product(name: "Logging", package: "swift-log")],
            path: "Sources/CloudKit"),
        // The conformance kit: the behaviour every provider must share, as cases any provider can run.
        // Its presigned-URL cases send plain HTTP through libcurl, opened on first use rather than
        // linked (CConformanceHTTP): the kit is in the `cloudkit` executable, and FoundationNetworking
        // (or libcurl linked) would add milliseconds to the start of every command.
        .target(name: "CConformanceHTTP", path: "Sources/CConformanceHTTP", linkerSettings: [.linkedLibrary("dl"), .linkedLibrary("pthread")]),
        .target(name: "CloudKitConformance", dependencies: ["CCloudKitABI", "CConformanceHTTP", "CloudKit"], path: "Sources/CloudKitConformance"),
        .executableTarget(
            name: "CloudKitCLI",
            dependencies: ["CloudKit", "CloudKitConformance", .product(name: "ArgumentParser", package: "swift-argument-parser"), .product(name: "Logging", package: "swift-log")],
            path: "Sources/cloudkit"),

        // The benchmarks (`bash bench/run`): cloudkit beside its baselines and peers.
        // It signs with the AWS provider's own SigV4 code (AWSAuth) to time signing on its own.
        .executableTarget(name: "CloudKitBench", dependencies: ["CloudKit", "AWSAuth"], path: "bench/Swift"),

        // AWS provider: the transport, signing, the services, and the exported entry point.
        .target(name: "AWSHTTP", dependencies: ["CCurl", "CloudKitModel", "CloudKitProviderSupport"], path: "Plugins/AWS/HTTP"),
        // SigV4 and what it needs (digests, URI encoding, the redactor) and the AWSCredentials
        // value it signs with: pure functions of their inputs, no I/O. Every credential *source*
        // (environment, shared files, credential_process, STS roles, web identity, container,
        // instance metadata, the chain and its refreshing cache) lives in one folder,
        // Plugins/AWS/Provider/Credentials, in AWSProvider: the STS-based sources send through the
        // provider's request pipeline, so the sources cannot sit below it in AWSAuth, and
        // splitting them across both targets is what the one folder replaced.
        .target(name: "AWSAuth", dependencies: ["CLibCrypto", "AWSHTTP", "CloudKitModel"], path: "Plugins/AWS/Auth"),
        .target(
            name: "AWSProvider",
            dependencies: ["AWSAuth", "AWSHTTP", "CCurl", "CLibXML2", "CloudKitModel", "CloudKitProviderSupport"],
            path: "Plugins/AWS/Provider"),
        .target(
            name: "CloudKitAWS",
            dependencies: ["AWSProvider", "CloudKitProviderSupport"],
            path: "Plugins/AWS/Export",
            linkerSettings: providerExportsOnly),

        // Local provider.
        .target(
            name: "LocalProvider",
            dependencies: ["CLibCrypto", "CLinuxEvents", "CLinuxFiles", "CSQLite", "CloudKitModel", "CloudKitProviderSupport"],
            path: "Plugins/Local/Provider"),
        .target(
            name: "CloudKitLocal",
            dependencies: ["LocalProvider", "CloudKitProviderSupport"],
            path: "Plugins/Local/Export",
            linkerSettings: providerExportsOnly),

        // Memory provider: plain C99 against abi/cloudkit.h, no Swift and none of our helpers.
        .target(
            name: "CloudKitMemory",
            path: "Plugins/Memory",
            cSettings: strictC99,
            linkerSettings: providerExportsOnly + cOnlyLink),

        // Tests, and helpers they share.
        .target(name: "CloudKitTestSupport", dependencies: ["CloudKitModel", "CloudKitProviderSupport"], path: "Tests/TestSupport"),
        .testTarget(name: "AWSProviderTests", dependencies: ["AWSHTTP", "AWSAuth", "AWSProvider", "CloudKitProviderSupport", "CloudKitTestSupport"], path: "Tests/AWSProviderTests",
                    exclude: ["Fixtures"]),
        .testTarget(name: "LocalProviderTests", dependencies: ["LocalProvider", "CloudKitTestSupport"], path: "Tests/LocalProviderTests"),
        .testTarget(name: "CloudKitModelTests", dependencies: ["CloudKitModel", "CloudKitTestSupport"], path: "Tests/CloudKitModelTests"),
        .testTarget(name: "CloudKitTests", dependencies: ["CloudKit", "CloudKitTestSupport"], path: "Tests/CloudKitTests"),
        .testTarget(name: "CloudKitABITests", dependencies: ["CloudKitABI", "CloudKitModel"], path: "Tests/CloudKitABITests"),
        .testTarget(name: "CloudKitProviderSupportTests", dependencies: ["CloudKitProviderSupport", "CloudKitModel", "CloudKitTestSupport"], path: "Tests/CloudKitProviderSupportTests"),
        // The host and the provider kit joined in one process through the C tables, without dlopen.
        .testTarget(name: "BridgeTests", dependencies: ["CloudKit", "CloudKitProviderSupport", "CloudKitModel"], path: "Tests/BridgeTests"),
        .testTarget(name: "ConformanceTests", dependencies: ["CloudKit", "CloudKitConformance", "CloudKitModel", "CloudKitTestSupport",
                                                            .product(name: "Logging", package: "swift-log")], path: "Tests/ConformanceTests",
                    exclude: ["C"]),
    ],
    swiftLanguageModes: [.v6]
)
