/// The word lists of the entity recogniser, compiled from `Config/lexicons/entities/` into hash sets and phrase
/// tables keyed like `Token.key`.
struct EntityLexicon: Sendable {
    static let folder = "lexicons/entities/"

    /// Given names (US Census list plus international names).
    var givenNames = TokenKeySet()
    /// Frequent surnames (US Census).
    var surnames = TokenKeySet()
    /// Honorifics: the word after them starts a person's name.
    var honorifics = TokenKeySet()
    /// Titles of office, with their text as listed.
    var titles = PhraseMatcher<String>()
    /// Keys of every word used in a title ("secretary", "state").
    var titleWords = TokenKeySet()
    /// Known organisations: the payload indexes `organizationNames`.
    var organizations = PhraseMatcher<Int>()
    var organizationNames: [String] = []
    /// Organisation variants that are written in lower case in the lexicon ("al-Qaeda").
    var lowercaseOrganizations = TokenKeySet()
    /// Head words ending an organisation name, and those that also open one before "of".
    var organizationHeads = TokenKeySet()
    var organizationPrefixes = TokenKeySet()
    var personCues = TokenKeySet()
    var roles = PhraseMatcher<String>()
    var commonWords = TokenKeySet()
    var countryPremodifiers: [UInt64: String] = [:]
    /// Months, weekdays, seasons and time zones (from `patterns/dates.json`): never part of a name.
    var calendarWords = TokenKeySet()
    /// Names that are not entities (indices, events, holidays).
    var notEntities = PhraseMatcher<Bool>()
    /// Capitalised words that end a name and belong to none ("Flight", "Index").
    var runBreakers = TokenKeySet()
    /// Every month name, short ones included ("May"): not a name before a number ("May 2008", "Jun 5").
    var monthWords = TokenKeySet()
    /// Currency prefixes and codes ("US" in "US$40", "USD"): not names next to money.
    var currencyWords = TokenKeySet()
    /// Words that end an event's name ("Fair", "Summit"): such a run is no organisation.
    var eventHeads = TokenKeySet()

    private struct CurrencyWords: Decodable {
        var currencyPrefixes: [String: String]
        var currencyCodes: [String: String]

        enum CodingKeys: String, CodingKey {
            case currencyPrefixes = "currency_prefixes"
            case currencyCodes = "currency_codes"
        }
    }

    private struct DateWords: Decodable {
        var months: [String: Int]
        var weekdays: [String: Int]
        var seasons: [String: String]
        var timeZones: [String]

        enum CodingKeys: String, CodingKey {
            case months
            case weekdays
            case seasons
            case timeZones = "time_zones"
        }
    }

    init(config: ConfigFiles) throws(ConfigFileError) {
        let folder = Self.folder
        givenNames = TokenKeySet(
            try TokenLexicon.keys(config, folder + "given-names.txt").union(
                TokenLexicon.keys(config, folder + "given-names-international.txt")))
        surnames = TokenKeySet(try TokenLexicon.keys(config, folder + "surnames.txt"))
        honorifics = TokenKeySet(try TokenLexicon.keys(config, folder + "honorifics.txt"))
        for (_, entry) in try config.listEntries(folder + "titles.txt") {
            titles.insert(phrase: entry, entry)
            for key in TokenKey.phrase(entry) { titleWords.insert(key) }
        }
        for (_, entry) in try config.listEntries(folder + "role-words.txt") { roles.insert(phrase: entry, entry) }
        personCues = TokenKeySet(try TokenLexicon.keys(config, folder + "person-cues.txt"))
        commonWords = TokenKeySet(try TokenLexicon.keys(config, folder + "common-words.txt"))
        let path = folder + "organizations.txt"
        var seen: Set<[UInt64]> = []
        for (line, entry) in try config.listEntries(path) {
            let parts = entry.split(separator: "=", maxSplits: 1)
            let name = parts[0].trimmingCharacters(in: .whitespaces)
            var variants = [name]
            if parts.count == 2 {
                variants += parts[1].split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            }
            let index = organizationNames.count
            organizationNames.append(name)
            for variant in variants {
                let keys = TokenKey.phrase(variant)
                guard !keys.isEmpty else { throw .invalid(path: path, line: line, reason: "empty variant") }
                guard seen.insert(keys).inserted else {
                    throw .invalid(path: path, line: line, reason: "duplicate variant \(variant)")
                }
                organizations.insert(keys, index)
                if let first = variant.unicodeScalars.first, !Tokenizer.isUpper(first) {
                    lowercaseOrganizations.insert(keys[0])
                }
            }
        }
        let cues = folder + "org-cues.txt"
        for (line, entry) in try config.listEntries(cues) {
            let parts = entry.split(separator: " ")
            let key = TokenKey.of(parts[0])
            organizationHeads.insert(key)
            if parts.count == 2 && parts[1] == "prefix" {
                organizationPrefixes.insert(key)
            } else if parts.count != 1 {
                throw .invalid(path: cues, line: line, reason: "expected `word` or `word prefix`")
            }
        }
        for (line, name, value) in try TokenLexicon.pairs(config, folder + "country-premodifiers.txt") {
            guard value.count == 2, value.allSatisfy({ $0.isUppercase }) else {
                throw .invalid(path: folder + "country-premodifiers.txt", line: line, reason: "bad code \(value)")
            }
            countryPremodifiers[TokenKey.of(name)] = value
        }
        let dates = try config.decode(DateWords.self, from: DateExtractor.path)
        for word in dates.months.keys where word.count > 3 { calendarWords.insert(TokenKey.of(word)) }
        for word in dates.weekdays.keys where word.count > 3 { calendarWords.insert(TokenKey.of(word)) }
        for word in dates.seasons.keys { calendarWords.insert(TokenKey.of(word)) }
        for word in dates.months.keys { monthWords.insert(TokenKey.of(word)) }
        let money = try config.decode(CurrencyWords.self, from: "patterns/units.json")
        for word in money.currencyPrefixes.keys { currencyWords.insert(TokenKey.of(word)) }
        for word in money.currencyCodes.keys { currencyWords.insert(TokenKey.of(word)) }
        for word in dates.timeZones { calendarWords.insert(TokenKey.of(word)) }
        for (_, entry) in try config.listEntries(folder + "not-entities.txt") {
            notEntities.insert(phrase: entry, true)
        }
        runBreakers = TokenKeySet(try TokenLexicon.keys(config, folder + "run-breakers.txt"))
        eventHeads = TokenKeySet(try TokenLexicon.keys(config, folder + "event-heads.txt"))
    }
}
