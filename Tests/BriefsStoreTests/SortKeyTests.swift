import BriefsDomain
import Testing

@testable import BriefsStore

@Suite("SortKey")
struct SortKeyTests {
    @Test(arguments: [
        ("2026-03-01T10:00:00+01:00", "2026-03-01T09:00:00.000000000Z"),
        ("2026-03-01T00:30:00+01:00", "2026-02-28T23:30:00.000000000Z"),
        ("2024-02-29T23:00:00-02:00", "2024-03-01T01:00:00.000000000Z"),
        ("1970-01-01T01:00:00+02:00", "1969-12-31T23:00:00.000000000Z"),
        ("2026-12-31T23:59:59.5z", "2026-12-31T23:59:59.500000000Z"),
        ("2026-03-01 10:00:00Z", "2026-03-01T10:00:00.000000000Z"),
        ("2026-03-01t10:00:00.123456789+00:00", "2026-03-01T10:00:00.123456789Z"),
        // Not RFC 3339 date-times: kept as given.
        ("2026-03-01", "2026-03-01"),
        ("March 1, 2026", "March 1, 2026"),
        ("2026-13-01T00:00:00Z", "2026-13-01T00:00:00Z"),
        ("2026-03-01T10:00:00", "2026-03-01T10:00:00"),
        ("2026-03-01T10:00:00.Z", "2026-03-01T10:00:00.Z"),
        ("2026-03-01T10:00:00.1234567890Z", "2026-03-01T10:00:00.1234567890Z"),
        ("2026-03-01T10:00:00+0100", "2026-03-01T10:00:00+0100"),
        ("2026-03-01T10:00:00Z trailing", "2026-03-01T10:00:00Z trailing"),
        ("", ""),
    ])
    func normalizesRFC3339ToUTC(input: String, expected: String) {
        #expect(SortKey.normalizedDate(input) == expected)
    }

    @Test func dayCountsMatchTheCalendar() {
        #expect(SortKey.daysFromCivil(year: 1970, month: 1, day: 1) == 0)
        #expect(SortKey.daysFromCivil(year: 2000, month: 3, day: 1) == 11_017)
        #expect(SortKey.daysFromCivil(year: 2026, month: 11, day: 29) == 20_786)
        #expect(SortKey.daysFromCivil(year: 1600, month: 2, day: 29) == -135_081)
        for days in stride(from: -150_000, through: 150_000, by: 97) {
            let date = SortKey.civil(fromDays: days)
            #expect(SortKey.daysFromCivil(year: date.year, month: date.month, day: date.day) == days)
        }
    }

    @Test func offsetsOrderByInstantNotByText() {
        let east = SortKey(makeArticle(id: "east", date: "2026-04-03T12:00:00+05:00"))  // 07:00 UTC
        let utc = SortKey(makeArticle(id: "utc", date: "2026-04-03T08:00:00Z"))
        let dateOnly = SortKey(makeArticle(id: "day", date: "2026-04-03"))
        #expect(east < utc)
        #expect(dateOnly < east)
    }
}
