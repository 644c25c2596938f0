import BriefsApp
import BriefsDomain
import Foundation

/// Paths and helpers shared by the app tests.
enum TestEnvironment {
    /// The package root, found from this file's path (tests never depend on the working directory).
    static let packageRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }
        return url
    }()

    static let configDirectory = packageRoot.appendingPathComponent("Config")

    static func configFiles() throws -> ConfigFiles {
        try ConfigDirectory.load(configDirectory)
    }

    /// The compiled lexicons and pipeline, built once for every in-process test (compiling them per test is slow
    /// in debug builds).
    static func domain() throws -> DomainServices {
        try sharedDomain.get()
    }

    private static let sharedDomain: Result<DomainServices, any Error> = Result {
        try DomainServices(config: try configFiles())
    }

    /// A fresh temporary directory, removed by the caller with `removeItem`.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("newsbriefs-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// The `newsbriefs` executable built next to the test bundle.
    static var executable: URL {
        var url = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        // swift test runs `.../debug/newsbriefsPackageTests.xctest` (a file on Linux); the binary is beside it.
        if url.lastPathComponent.hasSuffix(".xctest") { url.deleteLastPathComponent() }
        let candidate = url.appendingPathComponent("newsbriefs")
        if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        // Fallback: the default build folder of the package.
        return packageRoot.appendingPathComponent(".build/debug/newsbriefs")
    }

    /// A small hand-written article in the form users paste: title line, then paragraphs.
    static let sampleText = """
        Harbour town opens new ferry link to the islands
        The new ferry service will carry up to 400 passengers a day between the harbour and the three islands, \
        the council said on Monday.
        Officials said the route had been planned for a decade and would cut travel times by half for residents \
        who commute to the mainland.
        Local businesses welcomed the service, saying it would bring more visitors during the summer months.
        """
}
