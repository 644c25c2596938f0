// swift-tools-version:6.0
// In-process pipeline benchmark (issue 5): one executable that times the pipeline stages, built in release against
// the project's own modules through the root package's `BriefsApp` library product. Run through Scripts/bench.
import PackageDescription

let package = Package(
    name: "pipeline-bench",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "newsbriefs", path: "../..")
    ],
    targets: [
        .executableTarget(
            name: "PipelineBench",
            dependencies: [.product(name: "BriefsApp", package: "newsbriefs")]
        )
    ],
    swiftLanguageModes: [.v6]
)
