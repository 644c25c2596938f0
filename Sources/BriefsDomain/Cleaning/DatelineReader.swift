import Foundation

/// Reads a calendar date from a dateline or byline (`Nov. 19, 2019 8:03 am ET`, `18 November 2019`,
/// `sexta-feira, 22 de outubro de 2010`, `2019-11-18T10:00`), as `YYYY-MM-DD`.
///
/// Month names come from `Config/lexicons/cleaning/months.txt` (`<name> <number>` per line). A date is a month name
/// with a day number (1–31) right before or after it (a short word such as `de` may stand between) and a four-digit
/// year within the next few words; or an ISO `YYYY-MM-DD`. Impossible dates (`February 30`) are refused.
struct DatelineReader: Sendable {
    static let path = "lexicons/cleaning/months.txt"
    let months: [String: Int]

    /// - Throws: `ConfigFileError.invalid` with `file:line` for an entry that is not `<name> <1-12>` or a name
    ///   listed twice; `.missing` without the file.
    init(config: ConfigFiles) throws(ConfigFileError) {
        var months: [String: Int] = [:]
        for (line, entry) in try config.listEntries(Self.path) {
            let parts = entry.split(separator: " ")
            guard parts.count == 2, let number = Int(parts[1]), (1...12).contains(number) else {
                throw .invalid(path: Self.path, line: line, reason: "expected '<name> <1-12>': \(entry)")
            }
            let name = parts[0].lowercased()
            guard months[name] == nil else {
                throw .invalid(path: Self.path, line: line, reason: "month name listed twice: \(name)")
            }
            months[name] = number
        }
        self.months = months
    }

    /// The date in `text`, if it has one.
    func date(in text: String) -> String? {
        if let iso = Self.isoDate(in: text) { return iso }
        let words = CleaningTokenizer.words(of: text).map { $0.lowercased() }
        for (index, word) in words.enumerated() {
            guard let month = months[word] else { continue }
            let day = dayNumber(words, around: index)
            guard let day, let year = yearNumber(words, after: index) else { continue }
            if let date = Self.format(year: year, month: month, day: day) { return date }
        }
        return nil
    }

    /// A day number next to the month name: right after it, right before it, or before it across one short
    /// word (`22 de outubro`).
    private func dayNumber(_ words: [String], around index: Int) -> Int? {
        for offset in [1, -1, -2] {
            let position = index + offset
            guard words.indices.contains(position), words[position].count <= 2, let day = Int(words[position]),
                (1...31).contains(day)
            else { continue }
            if offset == -2 && words[index - 1].count > 3 { continue }
            return day
        }
        return nil
    }

    /// A four-digit year among the few words after the month name.
    private func yearNumber(_ words: [String], after index: Int) -> Int? {
        for position in (index + 1)..<min(words.count, index + 5) {
            if words[position].count == 4, let year = Int(words[position]), (1900...2100).contains(year) {
                return year
            }
        }
        return nil
    }

    /// `YYYY-MM-DD` when the day exists.
    static func format(year: Int, month: Int, day: Int) -> String? {
        let isLeap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let lengths = [31, isLeap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        guard (1...12).contains(month), day >= 1, day <= lengths[month - 1] else { return nil }
        let monthText = month < 10 ? "0\(month)" : "\(month)"
        let dayText = day < 10 ? "0\(day)" : "\(day)"
        return "\(year)-\(monthText)-\(dayText)"
    }

    /// The first `YYYY-MM-DD` (not inside a longer number) in `text`.
    static func isoDate(in text: String) -> String? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 10 else { return nil }
        func isDigit(_ index: Int) -> Bool { bytes[index] >= 0x30 && bytes[index] <= 0x39 }
        func number(_ range: Range<Int>) -> Int { range.reduce(0) { $0 * 10 + Int(bytes[$1] - 0x30) } }
        for start in 0...(bytes.count - 10) {
            guard (0..<4).allSatisfy({ isDigit(start + $0) }), bytes[start + 4] == 0x2D, isDigit(start + 5),
                isDigit(start + 6), bytes[start + 7] == 0x2D, isDigit(start + 8), isDigit(start + 9)
            else { continue }
            if start > 0 && isDigit(start - 1) { continue }
            if start + 10 < bytes.count && isDigit(start + 10) { continue }
            let year = number(start..<(start + 4))
            guard (1900...2100).contains(year) else { continue }
            if let date = format(
                year: year, month: number((start + 5)..<(start + 7)), day: number((start + 8)..<(start + 10)))
            {
                return date
            }
        }
        return nil
    }
}
