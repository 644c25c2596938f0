import BriefsDomain
import Foundation
import Testing

@testable import BriefsHTML

@Suite("HTMLCleaner configuration")
struct HTMLCleanerConfigTests {
    @Test func realConfigLoads() throws {
        _ = try Fixtures.cleaner()
    }

    @Test func partialSettingsOverrideOnlyTheirKeys() throws {
        var config = try Fixtures.config()
        config.files["html.json"] = Data(#"{"minProseChars": 10}"#.utf8)
        let settings = try HTMLCleanerSettings(config: config)
        #expect(settings.minProseChars == 10)
        #expect(settings.descendRatio == HTMLCleanerSettings().descendRatio)
    }

    @Test func unknownSettingsKeyFails() throws {
        var config = try Fixtures.config()
        config.files["html.json"] = Data(#"{"minProseChar": 10}"#.utf8)
        #expect(throws: ConfigFileError.self) { try HTMLCleanerSettings(config: config) }
    }

    @Test func outOfRangeRatioFails() throws {
        var config = try Fixtures.config()
        config.files["html.json"] = Data(#"{"descendRatio": 1.5}"#.utf8)
        #expect(throws: ConfigFileError.self) { try HTMLCleanerSettings(config: config) }
    }

    @Test func duplicateHintNamesItsLine() throws {
        var config = try Fixtures.config()
        config.files["lexicons/html/negative-hints.txt"] = Data("# header\nshare share\nshare share\n".utf8)
        #expect(throws: ConfigFileError.invalid(path: "lexicons/html/negative-hints.txt", line: 3, reason: "duplicate pattern \"share\"")) {
            try ClassHints(
                config: config, positivePath: "lexicons/html/positive-hints.txt",
                negativePath: "lexicons/html/negative-hints.txt")
        }
    }

    @Test func hintTokensSplitAtHumpsAndPunctuation() throws {
        let config = try Fixtures.config()
        let hints = try ClassHints(
            config: config, positivePath: "lexicons/html/positive-hints.txt",
            negativePath: "lexicons/html/negative-hints.txt")
        func hint(_ value: String) -> Hint {
            Array(value.utf8).withUnsafeBufferPointer { hints.hint(of: $0) }
        }
        #expect(hints.reason(hint("commentList").negativeReason) == "comments")
        #expect(hints.reason(hint("social-share_bar").negativeReason) == "share")
        #expect(hint("article-body").isPositive)
        #expect(hint("header").negativeReason != 0)
        #expect(hint("shadow load").negativeReason == 0)  // "ad" only as a whole token
        #expect(hint("ad-slot").negativeReason != 0)
    }
}
