/// Finds dates and resolves them against the publication date to TIMEX3-style values.
///
/// One pass over the tokens; at each token the forms below are tried, longest first, and a match is skipped over:
/// - calendar dates: "Friday, September 9, 2016", "Jan. 5", "11 December 2009", "August 2021", "2019", "the 1990s",
///   "2024-02-15" → `2016-09-09`, `2024-01-05`, `2021-08`, `2019`, `199`;
/// - deictic days and weekdays: "today", "yesterday", "this morning", "on Thursday" → the day (a weekday is the
///   closest one before the publication date, or after it when the sentence speaks of the future);
/// - relative periods: "last week", "later this month", "next year", "the weekend", "the third quarter" →
///   `2024-W06`, `2024-02`, `2025`, `2024-W07-WE`, `2024-Q3`;
/// - distances: "two years ago" → `2022`; durations: "five months", "27-year", "the past two years" → `P5M`, `P27Y`,
///   `P2Y`; clock times "10:35 a.m." → `2024-02-15T10:35`;
/// - references: "now", "recently", "the future" → `PRESENT_REF`, `PAST_REF`, `FUTURE_REF`.
/// Spans follow TimeML: no leading preposition, a leading "the" and modifiers ("early", "later") included.
/// Without a publication date, relative forms keep a nil value.
public struct DateExtractor: Sendable {
    static let path = "patterns/dates.json"

    private struct File: Decodable {
        var months: [String: Int]
        var weekdays: [String: Int]
        var seasons: [String: String]
        var dayOffsets: [String: Int]
        var dayParts: [String: String]
        var units: [String: String]
        var timeUnits: [String]
        var relative: [String: Int]
        var modifiers: [String]
        var durationLead: [String]
        var futureCues: [String]
        var weekdayFutureCues: [String]
        var references: [String: String]
        var timeZones: [String]
        var sets: [String: String]

        enum CodingKeys: String, CodingKey {
            case months
            case weekdays
            case seasons
            case dayOffsets = "day_offsets"
            case dayParts = "day_parts"
            case units
            case timeUnits = "time_units"
            case relative
            case modifiers
            case durationLead = "duration_lead"
            case futureCues = "future_cues"
            case weekdayFutureCues = "weekday_future_cues"
            case references
            case timeZones = "time_zones"
            case sets
        }
    }

    let settings: TokenSettings
    let numbers: FigureNumbers
    var months = TokenKeyTable<Int>()
    var weekdays = TokenKeyTable<Int>()
    var seasons = TokenKeyTable<String>()
    var dayOffsets = TokenKeyTable<Int>()
    var dayParts = TokenKeyTable<String>()
    var units = TokenKeyTable<String>()
    var timeUnits: Set<UInt64> = []
    var relative = TokenKeyTable<Int>()
    var modifiers = TokenKeySet()
    var durationLead = PhraseMatcher<Bool>()
    var futureCues: Set<UInt64> = []
    /// Weaker cues ("could", "set to") that only turn a bare weekday forward.
    var weekdayFutureCues: Set<UInt64> = []
    var references = PhraseMatcher<String>()
    var timeZones: Set<UInt64> = []
    /// Every word that can open a date form; other words are passed over with one look-up.
    var openers = TokenKeySet()

    public init(config: ConfigFiles) throws(ConfigFileError) {
        settings = try TokenSettings(config: config)
        numbers = try FigureNumbers(config: config)
        let file = try config.decode(File.self, from: Self.path)
        for (word, value) in file.months {
            guard (1...12).contains(value) else { throw .invalid(path: Self.path, line: nil, reason: "month \(word)") }
            months[TokenKey.of(word)] = value
        }
        for (word, value) in file.weekdays {
            guard (1...7).contains(value) else { throw .invalid(path: Self.path, line: nil, reason: "weekday \(word)") }
            weekdays[TokenKey.of(word)] = value
        }
        for (word, value) in file.seasons { seasons[TokenKey.of(word)] = value }
        for (word, value) in file.dayOffsets { dayOffsets[TokenKey.of(word)] = value }
        for (word, value) in file.dayParts { dayParts[TokenKey.of(word)] = value }
        for (word, value) in file.units { units[TokenKey.of(word)] = value }
        timeUnits = Set(file.timeUnits.map { TokenKey.of($0) })
        for (word, value) in file.relative { relative[TokenKey.of(word)] = value }
        modifiers = TokenKeySet(file.modifiers.map { TokenKey.of($0) })
        for phrase in file.durationLead { durationLead.insert(phrase: phrase, true) }
        futureCues = Set(file.futureCues.map { TokenKey.of($0) })
        weekdayFutureCues = futureCues.union(file.weekdayFutureCues.map { TokenKey.of($0) })
        for (phrase, value) in file.references { references.insert(phrase: phrase, value) }
        for (phrase, value) in file.sets { references.insert(phrase: phrase, value) }
        timeZones = Set(file.timeZones.map { TokenKey.of($0) })
        var opening: Set<UInt64> = [Self.the, Self.a, Self.an]
        for table in [months, weekdays, dayOffsets, relative] { opening.formUnion(table.keys) }
        opening.formUnion(seasons.keys)
        opening.formUnion(file.modifiers.map { TokenKey.of($0) })
        opening.formUnion(durationLead.byFirst.keys)
        opening.formUnion(references.byFirst.keys)
        opening.formUnion(numbers.small.keys)
        opening.formUnion(numbers.multiples.keys)
        opening.formUnion(numbers.vague.keys)
        opening.formUnion(numbers.ordinals.keys)
        openers = TokenKeySet(opening)
    }

    public func dates(in document: TextDocument, sentences: [Range<Int>], publishedAt: String?) -> [DateFact] {
        dates(in: document, tokens: settings.tokens(in: document), sentences: sentences, publishedAt: publishedAt)
    }

    /// The same over tokens already cut (`SentenceSplitter.tokens(in:)`).
    func dates(in document: TextDocument, tokens: [Token], sentences: [Range<Int>], publishedAt: String?) -> [DateFact]
    {
        let context = Context(
            document: document, scalars: document.scalars, tokens: tokens, published: DateCalendar.parse(publishedAt))
        var facts: [DateFact] = []
        var index = 0
        // The last quarter named: "a year earlier" after "the third quarter" means that quarter a year before.
        var lastQuarter: (year: Int, quarter: Int, token: Int)?
        while index < tokens.count {
            if var match = self.match(context, at: index) {
                if let value = match.value, let quarter = Self.quarter(of: value) {
                    lastQuarter = (quarter.year, quarter.quarter, index)
                } else if let back = match.yearsBack, let quarter = lastQuarter, index - quarter.token <= 60 {
                    match.value = "\(DateCalendar.pad(quarter.year - back, 4))-Q\(quarter.quarter)"
                }
                let start = tokens[index].start
                let end = tokens[match.end - 1].end
                facts.append(
                    DateFact(
                        text: document.substring(start..<end), value: match.value,
                        mention: Mention(
                            start: start, end: end, sentence: TextDocument.sentenceIndex(of: start, in: sentences))))
                index = match.end
            } else {
                index += 1
            }
        }
        return facts
    }

    /// The year and quarter of a `YYYY-Qn` value.
    static func quarter(of value: String) -> (year: Int, quarter: Int)? {
        let scalars = Array(value.unicodeScalars)
        guard scalars.count == 7, scalars[4] == "-", scalars[5] == "Q", let year = Int(String(value.prefix(4))),
            let quarter = Int(String(scalars[6]))
        else { return nil }
        return (year, quarter)
    }

    struct Context {
        let document: TextDocument
        let scalars: [Unicode.Scalar]
        let tokens: [Token]
        let published: DateCalendar?

        func isPunctuation(_ index: Int, _ scalar: Unicode.Scalar) -> Bool {
            index < tokens.count && tokens[index].kind == .punctuation && scalars[tokens[index].start] == scalar
        }
    }

    /// A match: the token after it (exclusive end) and its value.
    struct Match {
        var end: Int
        var value: String?
        /// "a year ago", "two years earlier": how many years back, to re-anchor on a quarter named before.
        var yearsBack: Int?
    }

    static let the = TokenKey.of("the")
    static let of = TokenKey.of("of")
    static let ago = TokenKey.of("ago")
    static let a = TokenKey.of("a")
    static let an = TokenKey.of("an")
    static let s = TokenKey.of("s")
    static let am = TokenKey.of("am")
    static let pm = TokenKey.of("pm")
    static let quarter = TokenKey.of("quarter")
    static let week = TokenKey.of("week")
    static let weekend = TokenKey.of("weekend")
    static let month = TokenKey.of("month")
    static let year = TokenKey.of("year")
    static let day = TokenKey.of("day")
    static let earlier = TokenKey.of("earlier")
    static let later = TokenKey.of("later")
    static let extentPrepositions: Set<UInt64> = Set(
        ["for", "in", "within", "than", "about", "nearly", "almost", "over", "after", "half"].map { TokenKey.of($0) })
    static let latest = TokenKey.of("latest")
    static let old = TokenKey.of("old")
    static let fall = TokenKey.of("fall")
    static let century = TokenKey.of("century")
    static let seasonPrepositions: Set<UInt64> = Set(
        ["in", "since", "until", "by", "during", "through", "early", "late", "mid"].map { TokenKey.of($0) })
    static let vagueExtent: Set<UInt64> = Set(["for", "within", "over"].map { TokenKey.of($0) })
    static let decade = TokenKey.of("decade")
    static let monthPrepositions: Set<UInt64> = Set(
        [
            "in", "since", "until", "by", "of", "last", "next", "this", "early", "late", "mid", "before", "after",
            "during", "from", "to", "through", "between", "and", "or", "end", "on",
        ].map { TokenKey.of($0) })

    /// The longest date form starting at `index`.
    func match(_ context: Context, at index: Int) -> Match? {
        let tokens = context.tokens
        let token = tokens[index]
        if token.kind == .punctuation { return nil }
        if token.kind == .word && !token.isHyphenated && !openers.contains(token.key)
            && !Tokenizer.isDigit(context.scalars[token.start])
        {
            return nil
        }
        // "the" + a form that takes it ("the past two years", "the third quarter", "the weekend", "the 1990s").
        if token.key == Self.the, index + 1 < tokens.count {
            if let inner = durationOrPeriod(context, at: index + 1, afterThe: true) { return inner }
            if let lead = durationLead.match(tokens, at: index), let inner = duration(context, at: index + lead.length)
            {
                return inner
            }
            if let reference = references.match(tokens, at: index) {
                return Match(end: index + reference.length, value: reference.payload)
            }
            // "the end of 1990", "the beginning of March"
            if index + 3 < tokens.count, modifiers.contains(tokens[index + 1].key), tokens[index + 2].key == Self.of,
                let inner = core(context, at: index + 3)
            {
                return inner
            }
            return nil
        }
        // "early", "late", "mid", "earlier", "later" + a date form.
        if modifiers.contains(token.key), index + 1 < tokens.count, !token.isHyphenated {
            if let inner = core(context, at: index + 1) ?? relativePeriod(context, at: index + 1) { return inner }
        }
        if let lead = durationLead.match(tokens, at: index), !token.isCapitalized || index == 0 || true,
            let inner = duration(context, at: index + lead.length)
        {
            return inner
        }
        if let inner = core(context, at: index) { return inner }
        if let inner = durationOrPeriod(context, at: index, afterThe: false) { return inner }
        // "in Autumn", "during the summer" (after "the", handled there): the season of the publication year.
        if let season = seasons[token.key], index > 0, Self.seasonPrepositions.contains(tokens[index - 1].key),
            token.key != Self.fall || token.isCapitalized
        {
            guard let published = context.published else { return Match(end: index + 1, value: nil) }
            return Match(end: index + 1, value: "\(DateCalendar.pad(published.year, 4))-\(season)")
        }
        // "for weeks", "within hours": a bare plural unit after a preposition of extent is a vague duration.
        if token.kind == .word, !token.isCapitalized, let unit = units[token.key], unit != "WE", unit != "Q",
            context.scalars[token.end - 1] == "s", index > 0, Self.vagueExtent.contains(tokens[index - 1].key),
            index + 1 >= tokens.count || tokens[index + 1].key != Self.ago
        {
            return Match(end: index + 1, value: durationValue(nil, unit: unit, key: token.key))
        }
        if let reference = references.match(tokens, at: index) {
            return Match(end: index + reference.length, value: reference.payload)
        }
        return nil
    }

    /// Calendar dates, weekdays, deictic days, years, clock times.
    func core(_ context: Context, at index: Int) -> Match? {
        let tokens = context.tokens
        guard index < tokens.count else { return nil }
        let token = tokens[index]
        let published = context.published
        // Weekday, optionally followed by a full date: "Friday, September 9, 2016".
        if let weekday = weekdays[token.key], token.isCapitalized {
            var next = index + 1
            if context.isPunctuation(next, ",") { next += 1 }
            if next < tokens.count, !tokens[next].newlineBefore, let date = calendarDate(context, at: next) {
                return date
            }
            var end = index + 1
            // "Friday morning": the part of the day joins the span; newswire TimeML keeps the day as the value.
            let suffix = ""
            if end < tokens.count, dayParts[tokens[end].key] != nil, !tokens[end].isCapitalized { end += 1 }
            guard let published else { return Match(end: end, value: nil) }
            return Match(
                end: end, value: resolve(weekday: weekday, context, at: index, published: published).dayValue + suffix)
        }
        if let date = calendarDate(context, at: index) { return date }
        // Deictic days: today, yesterday, tomorrow, tonight.
        if let offset = dayOffsets[token.key] {
            guard let published else { return Match(end: index + 1, value: nil) }
            let day = published.adding(days: offset)
            var value = day.dayValue
            if let part = dayParts[token.key] { value += "T" + part }
            return Match(end: index + 1, value: value)
        }
        // ISO dates written out: 2024-02-15.
        if token.kind == .number, token.isHyphenated, token.length == 10,
            let date = DateCalendar.parse(context.document.substring(token.start..<token.end))
        {
            return Match(end: index + 1, value: date.dayValue)
        }
        if token.kind == .word, token.isHyphenated, let inner = hyphenated(context, token) {
            return Match(end: index + 1, value: inner)
        }
        // Clock times: 10:35 a.m., 5 p.m., 16:08 UTC.
        if let time = clockTime(context, at: index) { return time }
        // Years and decades: 2019, 1990s.
        if let year = FigureNumbers.plainInteger(context.scalars, token), token.length == 4,
            (1800...2099).contains(year)
        {
            if context.isPunctuation(index + 1, "%") { return nil }
            if index > 0, tokens[index - 1].kind == .punctuation,
                !token.spaceBefore || context.isPunctuation(index - 1, "$")
            {
                let previous = context.scalars[tokens[index - 1].start]
                if previous == "$" || previous == "\u{20AC}" || previous == "\u{00A3}" || previous == "#" { return nil }
            }
            if index + 1 < tokens.count, tokens[index + 1].key == Self.s, !tokens[index + 1].spaceBefore {
                return Match(end: index + 2, value: String(year / 10))
            }
            return Match(end: index + 1, value: String(year))
        }
        if token.kind == .word, token.length == 5, Tokenizer.isDigit(context.scalars[token.start]),
            context.scalars[token.end - 1] == "s",
            let year = FigureNumbers.plainInteger(
                context.scalars,
                Token(
                    start: token.start, end: token.end - 1, kind: .number, key: 0,
                    isCapitalized: false, isAllCaps: false, hasPeriod: false, isHyphenated: false, spaceBefore: true,
                    newlineBefore: false)), (1800...2090).contains(year), year % 10 == 0
        {
            return Match(end: index + 1, value: String(year / 10))
        }
        return nil
    }

    /// One-token forms with a hyphen: "third-quarter" → `2024-Q3`, "mid-November" → `2024-11`, "mid-2011" → `2011`.
    func hyphenated(_ context: Context, _ token: Token) -> String? {
        let scalars = context.scalars
        var parts: [(key: UInt64, range: Range<Int>)] = []
        var key = TokenKey.seed
        var start = token.start
        for offset in token.start..<token.end {
            if Tokenizer.isHyphen(scalars[offset]) {
                parts.append((key, start..<offset))
                key = TokenKey.seed
                start = offset + 1
            } else {
                key = TokenKey.mix(key, scalars[offset])
            }
        }
        parts.append((key, start..<token.end))
        guard parts.count == 2 else { return nil }
        if let ordinal = numbers.ordinals[parts[0].key], (1...4).contains(ordinal), parts[1].key == Self.quarter {
            guard let published = context.published else { return nil }
            return "\(DateCalendar.pad(published.year, 4))-Q\(ordinal)"
        }
        guard modifiers.contains(parts[0].key) else { return nil }
        if let month = months[parts[1].key], parts[1].range.count > 3 {
            guard let published = context.published else { return nil }
            return
                "\(DateCalendar.pad(year(of: month, day: nil, near: published, future: false), 4))-\(DateCalendar.pad(month, 2))"
        }
        if parts[1].range.count == 4, let year = FigureNumbers.digits(scalars, parts[1].range), year.end == token.end,
            (1800...2099).contains(year.value)
        {
            return String(Int(year.value))
        }
        return nil
    }

    /// "September 9, 2016", "Jan. 5", "11 December 2009", "August 2021", "May", "March 12 2009".
    func calendarDate(_ context: Context, at index: Int) -> Match? {
        let tokens = context.tokens
        guard index < tokens.count else { return nil }
        let token = tokens[index]
        let scalars = context.scalars
        func dayNumber(_ at: Int) -> Int? {
            guard at < tokens.count else { return nil }
            let candidate = tokens[at]
            if let value = FigureNumbers.plainInteger(scalars, candidate), candidate.length <= 2,
                (1...31).contains(value)
            {
                return value
            }
            // 5th, 21st
            if candidate.kind == .word, candidate.length <= 4, Tokenizer.isDigit(scalars[candidate.start]) {
                var value = 0
                var offset = candidate.start
                while offset < candidate.end, Tokenizer.isDigit(scalars[offset]) {
                    value = value * 10 + Int(scalars[offset].value - 48)
                    offset += 1
                }
                let suffix = candidate.end - offset
                if suffix == 2, (1...31).contains(value) { return value }
            }
            return nil
        }
        func yearNumber(_ at: Int) -> Int? {
            guard at < tokens.count, let value = FigureNumbers.plainInteger(scalars, tokens[at]),
                tokens[at].length == 4, (1000...2999).contains(value)
            else { return nil }
            return value
        }
        if let month = months[token.key], token.isCapitalized {
            // Abbreviated months need their period ("Jan." not "Jan"), except May, June, July written whole.
            var next = index + 1
            if let day = dayNumber(next) {
                next += 1
                var end = next
                var year: Int?
                var probe = next
                if context.isPunctuation(probe, ",") { probe += 1 }
                if let value = yearNumber(probe) {
                    year = value
                    end = probe + 1
                }
                return Match(end: end, value: dayValue(year: year, month: month, day: day, context, at: index))
            }
            var probe = next
            if context.isPunctuation(probe, ",") { probe += 1 }
            if let year = yearNumber(probe) {
                return Match(end: probe + 1, value: "\(DateCalendar.pad(year, 4))-\(DateCalendar.pad(month, 2))")
            }
            if tokens[next - 1].key == TokenKey.of("of"), let year = yearNumber(next + 1) {
                return Match(end: next + 2, value: "\(DateCalendar.pad(year, 4))-\(DateCalendar.pad(month, 2))")
            }
            // A month alone: ambiguous words (May, March) need a preposition before them.
            let ambiguous = token.key == TokenKey.of("may") || token.key == TokenKey.of("march")
            let previousKey = index > 0 ? tokens[index - 1].key : 0
            if ambiguous && !Self.monthPrepositions.contains(previousKey) { return nil }
            if token.length <= 4 && !token.hasPeriod && token.key != TokenKey.of("june")
                && token.key != TokenKey.of("july")
            {
                return nil
            }
            guard let published = context.published else { return Match(end: index + 1, value: nil) }
            // "June last year", "March next year"
            if index + 2 < tokens.count, let direction = relative[tokens[index + 1].key],
                tokens[index + 2].key == Self.year
            {
                return Match(
                    end: index + 3,
                    value: "\(DateCalendar.pad(published.year + direction, 4))-\(DateCalendar.pad(month, 2))")
            }
            let year = self.year(of: month, day: nil, near: published, future: looksAhead(context, before: index))
            return Match(end: index + 1, value: "\(DateCalendar.pad(year, 4))-\(DateCalendar.pad(month, 2))")
        }
        // 11 December [2009]
        if let day = dayNumber(index), index + 1 < tokens.count, let month = months[tokens[index + 1].key],
            tokens[index + 1].isCapitalized
        {
            var end = index + 2
            var year: Int?
            if let value = yearNumber(end) {
                year = value
                end += 1
            }
            return Match(end: end, value: dayValue(year: year, month: month, day: day, context, at: index))
        }
        return nil
    }

    /// A day's value; without a year, the publication year (or the one next to it that is closer).
    func dayValue(year: Int?, month: Int, day: Int, _ context: Context, at index: Int) -> String? {
        if let year {
            guard day <= DateCalendar.daysIn(year: year, month: month) else { return nil }
            return DateCalendar(year: year, month: month, day: day).dayValue
        }
        guard let published = context.published else { return nil }
        let year = self.year(of: month, day: day, near: published, future: looksAhead(context, before: index))
        guard day <= DateCalendar.daysIn(year: year, month: month) else { return nil }
        return DateCalendar(year: year, month: month, day: day).dayValue
    }

    /// The year of a month (and day) named without one: the publication year, or the next one when the sentence
    /// looks ahead and the month is past, or the last one for a month alone more than two months ahead in a sentence
    /// that does not look ahead; never more than nine months from the publication date.
    func year(of month: Int, day: Int?, near published: DateCalendar, future: Bool) -> Int {
        if month - published.month > 9 { return published.year - 1 }
        if published.month - month > 9 { return published.year + 1 }
        // A month alone that is still to come, in a sentence that does not look ahead, is last year's.
        if day == nil && !future && month - published.month > 2 { return published.year - 1 }
        let before = month < published.month || (month == published.month && (day ?? 99) < published.day)
        if future && before { return published.year + 1 }
        return published.year
    }

    /// The sentence around `index` speaks of the future: a cue such as "will" among the ten tokens before it, within
    /// the sentence (looking after it too was measured worse on TempEval-3 and MEANTIME).
    func looksAhead(_ context: Context, before index: Int, weekday: Bool = false) -> Bool {
        let tokens = context.tokens
        let cues = weekday ? weekdayFutureCues : futureCues
        var probe = index - 1
        while probe >= 0 && probe >= index - 10 {
            let token = tokens[probe]
            if token.kind == .punctuation, context.scalars[token.start] == "." { break }
            if cues.contains(token.key) { return true }
            probe -= 1
        }
        return false
    }

    /// The weekday meant: the closest one on or before the publication day, or after it when the sentence looks
    /// ahead ("will", "next", "scheduled").
    func resolve(weekday: Int, _ context: Context, at index: Int, published: DateCalendar) -> DateCalendar {
        let tokens = context.tokens
        var future = looksAhead(context, before: index, weekday: true)
        if index > 0, tokens[index - 1].key == TokenKey.of("last") { future = false }
        let difference = weekday - published.weekday
        if future {
            return published.adding(days: difference >= 0 ? difference : difference + 7)
        }
        return published.adding(days: difference <= 0 ? difference : difference - 7)
    }

    /// "10:35 a.m.", "5 p.m.", "16:08 UTC", "22:30".
    func clockTime(_ context: Context, at index: Int) -> Match? {
        let tokens = context.tokens
        let scalars = context.scalars
        guard let hourValue = FigureNumbers.plainInteger(scalars, tokens[index]), tokens[index].length <= 2,
            hourValue <= 24
        else { return nil }
        var hour = hourValue
        var minute = 0
        var end = index + 1
        var explicit = false
        if context.isPunctuation(end, ":"), end + 1 < tokens.count, !tokens[end].spaceBefore,
            let minuteValue = FigureNumbers.plainInteger(scalars, tokens[end + 1]), tokens[end + 1].length == 2,
            minuteValue < 60
        {
            minute = minuteValue
            end += 2
            explicit = true
        }
        if end < tokens.count, tokens[end].key == Self.am || tokens[end].key == Self.pm,
            tokens[end].hasPeriod || !tokens[end].isCapitalized
        {
            if tokens[end].key == Self.pm && hour < 12 { hour += 12 }
            if tokens[end].key == Self.am && hour == 12 { hour = 0 }
            end += 1
            explicit = true
        }
        guard explicit else { return nil }
        var zone = ""
        if end < tokens.count, timeZones.contains(tokens[end].key), tokens[end].isAllCaps {
            if tokens[end].key == TokenKey.of("utc") || tokens[end].key == TokenKey.of("gmt") { zone = "Z" }
            end += 1
        }
        guard let published = context.published else { return Match(end: end, value: nil) }
        return Match(
            end: end, value: "\(published.dayValue)T\(DateCalendar.pad(hour, 2)):\(DateCalendar.pad(minute, 2))\(zone)")
    }

    /// "last week", "this month", "next year", "the weekend", "the third quarter [of 1984]", "two years ago",
    /// "five months", "27-year", and the same after "the".
    func durationOrPeriod(_ context: Context, at index: Int, afterThe: Bool) -> Match? {
        let tokens = context.tokens
        guard index < tokens.count else { return nil }
        let token = tokens[index]
        // Quarters: the third quarter [of 1984]
        if let ordinal = numbers.ordinals[token.key], ordinal > 0, index + 1 < tokens.count,
            tokens[index + 1].key == Self.quarter, ordinal <= 4
        {
            var end = index + 2
            var year = context.published?.year
            if end + 1 < tokens.count, tokens[end].key == Self.of,
                let value = FigureNumbers.plainInteger(context.scalars, tokens[end + 1]), tokens[end + 1].length == 4
            {
                year = value
                end += 2
            }
            guard let year else { return Match(end: end, value: nil) }
            return Match(end: end, value: "\(DateCalendar.pad(year, 4))-Q\(ordinal)")
        }
        // "the quarter", "the latest quarter": the last quarter reported, the one before publication.
        if afterThe,
            token.key == Self.quarter
                || (token.key == Self.latest && index + 1 < tokens.count
                    && tokens[index + 1].key == Self.quarter)
        {
            let end = token.key == Self.quarter ? index + 1 : index + 2
            guard let published = context.published else { return Match(end: end, value: nil) }
            var quarter = (published.month - 1) / 3
            var year = published.year
            if quarter == 0 {
                quarter = 4
                year -= 1
            }
            return Match(end: end, value: "\(DateCalendar.pad(year, 4))-Q\(quarter)")
        }
        if afterThe, token.key == Self.weekend {
            // Early in the week without a look ahead, "the weekend" is the one just past.
            guard let published = context.published else { return Match(end: index + 1, value: nil) }
            let past = published.weekday <= 3 && !looksAhead(context, before: index)
            return Match(end: index + 1, value: published.adding(days: past ? -7 : 0).weekValue + "-WE")
        }
        // "the 1988 third quarter"
        if afterThe, let year = FigureNumbers.plainInteger(context.scalars, token), token.length == 4,
            index + 2 < tokens.count, let ordinal = numbers.ordinals[tokens[index + 1].key], (1...4).contains(ordinal),
            tokens[index + 2].key == Self.quarter
        {
            return Match(end: index + 3, value: "\(DateCalendar.pad(year, 4))-Q\(ordinal)")
        }
        // "the 20th century" → 19
        if token.kind == .word, index + 1 < tokens.count, tokens[index + 1].key == Self.century,
            Tokenizer.isDigit(context.scalars[token.start]),
            let digits = FigureNumbers.digits(context.scalars, token.start..<token.end), digits.end == token.end - 2,
            digits.value >= 1, digits.value <= 30
        {
            return Match(end: index + 2, value: String(Int(digits.value) - 1))
        }
        if afterThe, let decade = core(context, at: index), let value = decade.value, value.count == 3 {
            return decade
        }
        if let period = relativePeriod(context, at: index) { return period }
        if !afterThe, let span = duration(context, at: index) { return span }
        return nil
    }

    /// "last week", "this month", "next year", "last Thursday", "this September", "last summer", "this morning",
    /// "earlier this month".
    func relativePeriod(_ context: Context, at index: Int) -> Match? {
        let tokens = context.tokens
        guard index + 1 < tokens.count, let direction = relative[tokens[index].key] else { return nil }
        let next = tokens[index + 1]
        let published = context.published
        let end = index + 2
        if let weekday = weekdays[next.key], next.isCapitalized {
            guard let published else { return Match(end: end, value: nil) }
            let difference = weekday - published.weekday
            let day: DateCalendar
            switch direction {
            case ..<0: day = published.adding(days: difference < 0 ? difference : difference - 7)
            case 1...: day = published.adding(days: difference > 0 ? difference : difference + 7)
            default: day = resolve(weekday: weekday, context, at: index + 1, published: published)
            }
            return Match(end: end, value: day.dayValue)
        }
        if let month = months[next.key], next.isCapitalized {
            guard let published else { return Match(end: end, value: nil) }
            var year = published.year
            if direction < 0 && month >= published.month { year -= 1 }
            if direction > 0 && month <= published.month { year += 1 }
            return Match(end: end, value: "\(DateCalendar.pad(year, 4))-\(DateCalendar.pad(month, 2))")
        }
        if let season = seasons[next.key] {
            guard let published else { return Match(end: end, value: nil) }
            return Match(end: end, value: "\(DateCalendar.pad(published.year + direction, 4))-\(season)")
        }
        if direction == 0, let part = dayParts[next.key] {
            guard let published else { return Match(end: end, value: nil) }
            return Match(end: end, value: "\(published.dayValue)T\(part)")
        }
        guard let unit = units[next.key] else { return nil }
        // Plural units after "last"/"past" are durations ("the past weeks"): leave them.
        guard let published else { return Match(end: end, value: nil) }
        switch next.key {
        case Self.week:
            return Match(end: end, value: published.adding(days: 7 * direction).weekValue)
        case Self.weekend:
            return Match(end: end, value: published.adding(days: 7 * direction).weekValue + "-WE")
        case Self.month:
            var month = published.month + direction
            var year = published.year
            if month < 1 {
                month += 12
                year -= 1
            } else if month > 12 {
                month -= 12
                year += 1
            }
            return Match(end: end, value: "\(DateCalendar.pad(year, 4))-\(DateCalendar.pad(month, 2))")
        case Self.year:
            return Match(end: end, value: DateCalendar.pad(published.year + direction, 4))
        case Self.quarter:
            var quarter = (published.month - 1) / 3 + 1 + direction
            var year = published.year
            if quarter < 1 {
                quarter += 4
                year -= 1
            } else if quarter > 4 {
                quarter -= 4
                year += 1
            }
            return Match(end: end, value: "\(DateCalendar.pad(year, 4))-Q\(quarter)")
        case Self.day:
            return Match(end: end, value: published.adding(days: direction).dayValue)
        case Self.decade:
            // "the past decade" in 2011: the 2000s.
            return Match(end: end, value: String((published.year + 10 * min(direction, 0)) / 10 + max(direction, 0)))
        default:
            _ = unit
            return nil
        }
    }

    /// "five months" → `P5M`, "two years ago" → the year, "27-year" → `P27Y`, "several days" → `PXD`,
    /// "three hours" → `PT3H`.
    func duration(_ context: Context, at index: Int) -> Match? {
        let tokens = context.tokens
        guard index < tokens.count else { return nil }
        let token = tokens[index]
        let scalars = context.scalars
        // Hyphenated "27-year", "two-year", "12-month".
        if token.kind == .word, token.isHyphenated {
            var hyphen = token.start
            while hyphen < token.end, !Tokenizer.isHyphen(scalars[hyphen]) { hyphen += 1 }
            guard hyphen < token.end else { return nil }
            var unitKey = TokenKey.seed
            var unitEnd = hyphen + 1
            while unitEnd < token.end, !Tokenizer.isHyphen(scalars[unitEnd]) {
                unitKey = TokenKey.mix(unitKey, scalars[unitEnd])
                unitEnd += 1
            }
            guard unitEnd == token.end, let unit = units[unitKey], unit != "WE", unit != "Q" else { return nil }
            var amount: Double?
            if let digits = FigureNumbers.digits(scalars, token.start..<hyphen), digits.end == hyphen {
                amount = digits.value
            } else {
                var key = TokenKey.seed
                for offset in token.start..<hyphen { key = TokenKey.mix(key, scalars[offset]) }
                amount = numbers.small[key]
            }
            guard let amount, amount >= 1, amount == amount.rounded() else { return nil }
            return Match(end: index + 1, value: durationValue(Int(amount), unit: unit, key: unitKey))
        }
        var amount: Int?
        var length = 1
        if let parsed = numbers.number(tokens, at: index, scalars: scalars), parsed.value >= 1, parsed.value < 10000,
            parsed.value == parsed.value.rounded()
        {
            amount = Int(parsed.value)
            length = parsed.length
        } else if numbers.vague[token.key] != nil || token.key == Self.a || token.key == Self.an {
            amount = token.key == Self.a || token.key == Self.an ? 1 : nil
            if token.key == Self.a, index + 1 < tokens.count, numbers.vague[tokens[index + 1].key] != nil {
                length = 2
                amount = nil
            }
        } else {
            return nil
        }
        let unitIndex = index + length
        guard unitIndex < tokens.count, let unit = units[tokens[unitIndex].key], !tokens[unitIndex].isCapitalized
        else { return nil }
        let unitKey = tokens[unitIndex].key
        // Ages are not time expressions: "12 years old", "a 12 year old".
        if unitIndex + 1 < tokens.count, tokens[unitIndex + 1].key == Self.old { return nil }
        // "two years ago", "a year earlier": a point in time.
        if unitIndex + 1 < tokens.count,
            tokens[unitIndex + 1].key == Self.ago || tokens[unitIndex + 1].key == Self.earlier
        {
            let end = unitIndex + 2
            guard let amount else { return Match(end: end, value: "PAST_REF") }
            guard let published = context.published else { return Match(end: end, value: nil) }
            switch unit {
            case "Y": return Match(end: end, value: DateCalendar.pad(published.year - amount, 4), yearsBack: amount)
            case "DE": return Match(end: end, value: DateCalendar.pad(published.year - 10 * amount, 4))
            case "M":
                if timeUnits.contains(unitKey) { return Match(end: end, value: published.dayValue) }
                let total = published.year * 12 + published.month - 1 - amount
                return Match(
                    end: end, value: "\(DateCalendar.pad(total / 12, 4))-\(DateCalendar.pad(total % 12 + 1, 2))")
            case "W": return Match(end: end, value: published.adding(days: -7 * amount).weekValue)
            case "D": return Match(end: end, value: published.adding(days: -amount).dayValue)
            default: return Match(end: end, value: published.dayValue)
            }
        }
        // A bare "a day" / "a year" is a duration only after a preposition of extent ("for a year", "in a week").
        if token.key == Self.a || token.key == Self.an {
            guard index > 0, Self.extentPrepositions.contains(tokens[index - 1].key) else { return nil }
            return Match(end: unitIndex + 1, value: durationValue(1, unit: unit, key: unitKey))
        }
        if unit == "WE" || unit == "Q" { return nil }
        guard let amount else { return Match(end: unitIndex + 1, value: durationValue(nil, unit: unit, key: unitKey)) }
        return Match(end: unitIndex + 1, value: durationValue(amount, unit: unit, key: unitKey))
    }

    func durationValue(_ amount: Int?, unit: String, key: UInt64) -> String {
        let count = amount.map(String.init) ?? "X"
        if timeUnits.contains(key) { return "PT\(count)\(unit)" }
        switch unit {
        case "DE": return amount.map { "P\($0 * 10)Y" } ?? "PXDE"
        case "CE": return amount.map { "P\($0 * 100)Y" } ?? "PXCE"
        default: return "P\(count)\(unit)"
        }
    }
}
