@testable import BriefsApp
import BriefsHTTP
import Testing

/// Inputs found by Scripts/fuzz (json-ingest target) that crashed the process.
@Suite struct FuzzPublishedDateRegressionTests {
    /// ICU's date parser (behind `ISO8601DateFormatter`) traps with SIGFPE on a fraction of 40 digits; the server
    /// died on such a `published_at`, on `GET /v1/countries/al?since=...` and on a page's date meta tag.
    static let longFraction = "2024-02-15T09:30:00.1666666666666666666666666666666666666666666623+01:00"

    @Test func strictRefusesAnOverlongTimestampWithoutParsingIt() {
        #expect(PublishedDate.strict(Self.longFraction) == nil)
        #expect(PublishedDate.strict("2024-02-15T09:30:00." + String(repeating: "6", count: 40) + "Z") == nil)
    }

    @Test func strictStillAcceptsNanoseconds() {
        let value = "2024-02-15T09:30:00.123456789+05:30"
        #expect(PublishedDate.strict(value) == value)
    }

    @Test func normalizedKeepsTheDayOfAnOverlongTimestamp() {
        #expect(PublishedDate.normalized(Self.longFraction) == "2024-02-15")
        #expect(PublishedDate.normalized("  2024-02-15T09:30:00.5Z ") == "2024-02-15T09:30:00.5Z")
    }

    @Test func jsonIngestAnswers422() {
        let body = #"{"text":"x","published_at":"\#(Self.longFraction)"}"#
        let request = Request(
            method: "POST", target: "/v1/articles", path: "/v1/articles",
            headers: HTTPHeaders([("Content-Type", "application/json")]), body: Array(body.utf8))
        do {
            _ = try ArticleInputDecoder.submission(from: request)
            Issue.record("an overlong published_at was accepted")
        } catch {
            #expect(error.status == 422)
        }
    }
}
