/// A proleptic Gregorian calendar day, with the arithmetic relative dates need (no Foundation calendars, no clock).
struct DateCalendar: Sendable, Equatable, Comparable {
    var year: Int
    var month: Int
    var day: Int

    /// Days since 1970-01-01 (Howard Hinnant's civil-from-days arithmetic).
    var dayNumber: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let monthIndex = month > 2 ? month - 3 : month + 9
        let dayOfYear = (153 * monthIndex + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    init(dayNumber: Int) {
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
    }

    /// Parses the date part of `YYYY-MM-DD` or an RFC 3339 timestamp.
    static func parse(_ text: String?) -> DateCalendar? {
        guard let text else { return nil }
        let scalars = Array(text.unicodeScalars.prefix(10))
        guard scalars.count == 10, scalars[4] == "-", scalars[7] == "-" else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                guard Tokenizer.isDigit(scalars[index]) else { return nil }
                value = value * 10 + Int(scalars[index].value - 48)
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
            (1...12).contains(month), (1...daysIn(year: year, month: month)).contains(day)
        else { return nil }
        return DateCalendar(year: year, month: month, day: day)
    }

    static func isLeap(_ year: Int) -> Bool { (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 }

    static func daysIn(year: Int, month: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// ISO weekday, Monday = 1 ... Sunday = 7.
    var weekday: Int { ((dayNumber % 7 + 7 + 3) % 7) + 1 }

    func adding(days: Int) -> DateCalendar { DateCalendar(dayNumber: dayNumber + days) }

    /// The ISO 8601 week-numbering year and week.
    var isoWeek: (year: Int, week: Int) {
        let thursday = adding(days: 4 - weekday)
        let january1 = DateCalendar(year: thursday.year, month: 1, day: 1)
        return (thursday.year, (thursday.dayNumber - january1.dayNumber) / 7 + 1)
    }

    static func < (lhs: DateCalendar, rhs: DateCalendar) -> Bool { lhs.dayNumber < rhs.dayNumber }

    static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }

    /// `YYYY-MM-DD`.
    var dayValue: String { "\(Self.pad(year, 4))-\(Self.pad(month, 2))-\(Self.pad(day, 2))" }
    /// `YYYY-MM`.
    var monthValue: String { "\(Self.pad(year, 4))-\(Self.pad(month, 2))" }
    /// `YYYY-Www`.
    var weekValue: String {
        let week = isoWeek
        return "\(Self.pad(week.year, 4))-W\(Self.pad(week.week, 2))"
    }
}
