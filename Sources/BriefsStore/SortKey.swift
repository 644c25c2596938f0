import BriefsDomain

/// Where an article sits in the listing order: by its `sortDate` as a UTC instant, then by id.
///
/// `date` is the normalised form of `Article.sortDate`: RFC 3339 timestamps become UTC
/// `YYYY-MM-DDTHH:MM:SS.fffffffffZ` (so `+02:00` offsets and fractional seconds compare correctly as strings), a bare
/// `YYYY-MM-DD` stays as it is (sorting before the timestamps of that day), and anything else is kept verbatim.
struct SortKey: Comparable, Hashable, Sendable {
    var date: String
    var id: String

    init(date: String, id: String) {
        self.date = date
        self.id = id
    }

    init(_ article: Article) {
        self.init(date: Self.normalizedDate(article.sortDate), id: article.id)
    }

    static func < (lhs: SortKey, rhs: SortKey) -> Bool {
        (lhs.date, lhs.id) < (rhs.date, rhs.id)
    }

    /// `text` as a UTC timestamp with nine fractional digits when it is an RFC 3339 date-time, else unchanged.
    static func normalizedDate(_ text: String) -> String {
        let bytes = Array(text.utf8)
        // date-time = full-date ("T" / "t" / " ") partial-time time-offset  (RFC 3339 §5.6, space per its note)
        guard bytes.count >= 20, let year = number(bytes, 0, 4), bytes[4] == 0x2D, let month = number(bytes, 5, 2),
            bytes[7] == 0x2D, let day = number(bytes, 8, 2), [0x54, 0x74, 0x20].contains(bytes[10]),
            let hour = number(bytes, 11, 2), bytes[13] == 0x3A, let minute = number(bytes, 14, 2),
            bytes[16] == 0x3A, let second = number(bytes, 17, 2),
            (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second <= 60
        else { return text }

        var index = 19
        var fraction = ""
        if bytes[index] == 0x2E {
            index += 1
            let start = index
            while index < bytes.count, (0x30...0x39).contains(bytes[index]) { index += 1 }
            guard index > start, index - start <= 9 else { return text }
            fraction = String(decoding: bytes[start..<index], as: UTF8.self)
        }
        var offsetMinutes = 0
        if index == bytes.count - 1, bytes[index] == 0x5A || bytes[index] == 0x7A {
            offsetMinutes = 0
        } else if index == bytes.count - 6, bytes[index] == 0x2B || bytes[index] == 0x2D,
            let offsetHours = number(bytes, index + 1, 2), bytes[index + 3] == 0x3A,
            let offsetRest = number(bytes, index + 4, 2), offsetHours < 24, offsetRest < 60
        {
            offsetMinutes = (offsetHours * 60 + offsetRest) * (bytes[index] == 0x2D ? -1 : 1)
        } else {
            return text
        }

        let seconds =
            (daysFromCivil(year: year, month: month, day: day) * 86_400) + hour * 3_600 + minute * 60
            + second - offsetMinutes * 60
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        let (utcYear, utcMonth, utcDay) = civil(fromDays: days)
        let paddedFraction = fraction + String(repeating: "0", count: 9 - fraction.count)
        return "\(digits(utcYear, 4))-\(digits(utcMonth, 2))-\(digits(utcDay, 2))T\(digits(secondOfDay / 3_600, 2)):"
            + "\(digits(secondOfDay / 60 % 60, 2)):\(digits(secondOfDay % 60, 2)).\(paddedFraction)Z"
    }

    /// The decimal number in `bytes[start..<start+count]`, or nil unless all are ASCII digits.
    private static func number(_ bytes: [UInt8], _ start: Int, _ count: Int) -> Int? {
        guard start + count <= bytes.count else { return nil }
        var value = 0
        for byte in bytes[start..<start + count] {
            guard (0x30...0x39).contains(byte) else { return nil }
            value = value * 10 + Int(byte - 0x30)
        }
        return value
    }

    private static func digits(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (the era-based day count: 400-year eras of 146 097 days,
    /// years starting in March so the leap day falls last).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let marchYear = month <= 2 ? year - 1 : year
        let era = (marchYear >= 0 ? marchYear : marchYear - 399) / 400
        let yearOfEra = marchYear - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The inverse of `daysFromCivil`.
    static func civil(fromDays days: Int) -> (year: Int, month: Int, day: Int) {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
