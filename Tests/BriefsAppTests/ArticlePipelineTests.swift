@testable import BriefsApp
import Foundation
import Testing

@Suite struct ArticlePipelineTests {
    @Test(arguments: [
        (0.0, "1970-01-01T00:00:00Z"),
        (1_708_000_000.0, "2024-02-15T12:26:40Z"),
        (951_782_400.0, "2000-02-29T00:00:00Z"),
        (4_102_444_799.0, "2099-12-31T23:59:59Z"),
        (-86_400.0, "1969-12-31T00:00:00Z"),
    ])
    func timestampsAreRFC3339UTC(seconds: Double, expected: String) {
        #expect(PublishedDate.timestamp(Date(timeIntervalSince1970: seconds)) == expected)
    }

    @Test func timestampsAgreeWithFoundation() {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        for seconds in stride(from: -2_000_000_000.0, to: 4_000_000_000.0, by: 86_399.5 * 37) {
            let date = Date(timeIntervalSince1970: seconds.rounded(.down))
            #expect(PublishedDate.timestamp(date) == formatter.string(from: date))
        }
    }

    @Test func wordCountHandlesASCIIAndOtherScripts() {
        #expect(ArticlePipeline.wordCount("The U.S. sent 3,200 troops.") == 5)
        #expect(ArticlePipeline.wordCount("Albania's war-torn region.") == 3)
        #expect(ArticlePipeline.wordCount("Tiranë është kryeqyteti") == 3)
        #expect(ArticlePipeline.wordCount("  ") == 0)
        #expect(ArticlePipeline.wordCount("Москва и Киев") == 3)
    }

    @Test(arguments: ["2024-02-15", "2024-02-15T10:00:00Z", "2024-02-15T10:00:00.5+01:00"])
    func strictDatesAccepted(value: String) {
        #expect(PublishedDate.strict(value) == value)
    }

    @Test(arguments: ["2024-02-30", "15/02/2024", "2024-2-15", "2024-02-15T10:00", "yesterday", ""])
    func strictDatesRefused(value: String) {
        #expect(PublishedDate.strict(value) == nil)
    }
}
