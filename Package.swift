// swift-tools-version: 6.1
import PackageDescription

let strict: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
]

/// The request hot path (parse → validate → evaluate → encode) keeps its state in
/// reusable per-thread objects; dynamic exclusivity checks on their stored
/// properties cost about 10 % of the per-request CPU time, so release builds of
/// these two modules skip them. Debug builds (and the tests) keep them.
///
/// SwiftPM refuses `unsafeFlags` in a package used as a dependency, so these
/// modules are internal targets, not library products: the package ships the
/// `readinessd` and `readinessd-bench` executables only.
let hotPath: [SwiftSetting] = strict + [
    .unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release)),
]

let package = Package(
    name: "readinessd",
    // Built and tested on Linux only (librdkafka via pkg-config, Glibc, systemd,
    // inotify); SwiftPM has no Linux entry for `platforms:`, so none is declared.
    products: [
        .executable(name: "readinessd", targets: ["readinessd"]),
        .executable(name: "readinessd-bench", targets: ["readinessd-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        // No default traits: the listener needs neither swift-configuration nor full Foundation.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
    ],
    targets: [
        // MARK: Kafka (no domain knowledge)
        .systemLibrary(
            name: "CRDKafka",
            pkgConfig: "rdkafka",
            providers: [.apt(["librdkafka-dev"])]
        ),
        .target(
            name: "CKafkaShim",
            dependencies: ["CRDKafka"]
        ),
        .target(
            name: "KafkaClient",
            dependencies: [
                "CRDKafka", "CKafkaShim",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "DequeModule", package: "swift-collections"),
            ],
            swiftSettings: strict
        ),

        // MARK: Domain (no Kafka)
        .target(
            name: "ReadinessContract",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: hotPath
        ),
        .target(
            name: "ReadinessRegistry",
            dependencies: [
                "ReadinessContract",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: hotPath
        ),

        // MARK: Fleet re-evaluation (domain, no Kafka)
        .target(
            name: "ReadinessFleet",
            dependencies: ["ReadinessContract"],
            swiftSettings: strict
        ),

        // MARK: Worker pipeline (Kafka + domain)
        .target(
            name: "ReadinessWorker",
            dependencies: [
                "KafkaClient", "ReadinessContract", "ReadinessRegistry",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),

        // MARK: Executables
        /// The daemon's memory allocator (Debian `libjemalloc-dev`); see `Sources/CJemalloc/CJemalloc.c` for why.
        .target(
            name: "CJemalloc",
            linkerSettings: [.linkedLibrary("jemalloc")]
        ),
        .executableTarget(
            name: "readinessd",
            dependencies: [
                "CJemalloc", "ReadinessContract", "ReadinessRegistry", "ReadinessWorker", "ReadinessFleet", "KafkaClient",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        .target(name: "CAllocationCounter"),
        .executableTarget(
            name: "readinessd-bench",
            dependencies: [
                "ReadinessContract", "ReadinessRegistry", "CAllocationCounter",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict
        ),

        // MARK: Tests
        /// Helpers shared by test targets (JSON comparison, temporary folders); no product depends on it.
        .target(
            name: "TestSupport",
            path: "Tests/TestSupport",
            swiftSettings: strict
        ),
        .testTarget(
            name: "ReadinessContractTests",
            dependencies: ["ReadinessContract"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "ReadinessRegistryTests",
            dependencies: ["TestSupport", "ReadinessRegistry", "ReadinessContract"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "ReadinessFleetTests",
            dependencies: ["ReadinessFleet", "ReadinessContract"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "ReadinessdCLITests",
            dependencies: ["TestSupport", 
                "readinessd", "ReadinessWorker", "KafkaClient", "ReadinessContract", "ReadinessRegistry",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "ReadinessdIntegrationTests",
            dependencies: [
                "TestSupport", "KafkaClient", "readinessd", "ReadinessContract", "ReadinessRegistry",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "ReadinessWorkerTests",
            dependencies: [
                "ReadinessWorker", "KafkaClient", "ReadinessContract", "ReadinessRegistry",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "KafkaClientTests",
            dependencies: ["KafkaClient"],
            swiftSettings: strict
        ),
    ]
)
