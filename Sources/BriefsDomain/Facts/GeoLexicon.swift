import Foundation

/// What a gazetteer name stands for.
enum GeoKind: UInt8, Sendable {
    /// A country name ("Albania", "the U.S.").
    case country
    /// A demonym or country adjective ("Albanian", "Afghans"): gives a country, is not a place span.
    case demonym
    case city
    /// A US state (or DC).
    case usState
    /// A US county ("Laurel County").
    case county
    /// A first-level subdivision of another country ("Ontario", "Queensland").
    case subdivision
    /// A state or province abbreviation in datelines ("Tenn.", "B.C.").
    case abbreviation
    /// A region: within one country ("Darfur") or across several ("Western Balkans", no country).
    case region
    /// A name that holds a place name but is not a place ("China Daily"): hides the place inside.
    case notPlace

    /// The `PlaceFact.kind` of a place of this kind.
    var placeKind: String {
        switch self {
        case .country, .demonym: return "country"
        case .city: return "city"
        case .usState, .subdivision, .abbreviation: return "state"
        case .county: return "county"
        case .region: return "region"
        case .notPlace: return "none"
        }
    }
}

/// One sense of a gazetteer name.
struct GeoEntry: Sendable {
    var kind: GeoKind
    /// ISO 3166-1 alpha-2, or "" (multi-country regions, organisations).
    var country: String
    /// The name shown for the place (for countries: the country's display name).
    var name: String
    /// The name as listed, for the capitalisation check.
    var surface: [Unicode.Scalar]
    var population: Int
    /// The subdivision: the ISO 3166-2 suffix ("TX", "ON") where known, else GeoNames' admin1 code; "" when unknown.
    var admin1: String
    /// The listed name starts with "the ", which is not part of the place span.
    var skipsArticle: Bool
    /// An acronym ("US", "U.S.", "UAE"): every letter must be a capital in the text.
    var isAcronym: Bool
    /// A city name that is also a common word ("Nice"): needs place context.
    var isCommonWord: Bool
    /// A place name that is also a person's name ("Jordan"): dropped next to another capitalised word.
    var isPersonName: Bool
}

/// The fields of a `GeoEntry` that the context filter reads, as plain values.
struct GeoEntryTraits: Sendable {
    var kind: GeoKind
    var population: Int
    var isAcronym: Bool
    var isCommonWord: Bool
    var isPersonName: Bool
}

/// The geo lexicons of `Config/lexicons/geo/` compiled into one gazetteer.
///
/// Files (all under `lexicons/geo/`): `countries.tsv`, `country-aliases.txt`, `demonyms.txt`, `us-states.tsv`,
/// `us-counties.tsv`, `subdivisions.tsv`, `state-abbreviations.txt`, `cities.tsv`, `regions.txt`, `not-places.txt`,
/// and the context lists `common-word-cities.txt`, `person-names.txt`, `given-name-cities.txt`, `org-words.txt`, `function-words.txt`,
/// `place-prepositions.txt`, `place-words.txt`, `stance-prefixes.txt`, `institution-words.txt`, `well-known-subdivisions.txt`.
struct GeoLexicon: Sendable {
    static let folder = "lexicons/geo/"

    let catalog: CountryCatalog
    let entries: [GeoEntry]
    /// `entries` without their strings, for the context filter (reading them copies no reference-counted field).
    let traits: [GeoEntryTraits]
    let gazetteer: Gazetteer
    /// The names whose listed form does not start with a capital (`GazetteerFolding.isUppercase`): the only ones
    /// whose capitalisation can fit a text word that does not start with one (see `GeoTagger.capitalisationFits`).
    /// Most words of running text start in lower case; looking them up here walks a much smaller trie.
    let lowercaseInitialGazetteer: Gazetteer
    /// Folded single words of the context lists.
    let orgWords: FoldedWordSet
    let functionWords: FoldedWordSet
    let placePrepositions: FoldedWordSet
    let placeWords: FoldedWordSet
    let stancePrefixes: FoldedWordSet
    let institutionWords: FoldedWordSet
    /// Countries whose subdivisions count without the country being named.
    let wellKnownSubdivisionCountries: Set<String>

    init(config: ConfigFiles) throws(ConfigFileError) {
        let folding = GazetteerFolding()
        let catalog = try CountryCatalog(config: config)
        self.catalog = catalog
        let commonWords = try Self.wordSet(config, "common-word-cities.txt", folding)
        let personNames = try Self.wordSet(config, "person-names.txt", folding)
            .union(try Self.wordSet(config, "given-name-cities.txt", folding))
        orgWords = FoldedWordSet(try Self.wordSet(config, "org-words.txt", folding))
        functionWords = FoldedWordSet(try Self.wordSet(config, "function-words.txt", folding))
        placePrepositions = FoldedWordSet(try Self.wordSet(config, "place-prepositions.txt", folding))
        placeWords = FoldedWordSet(try Self.wordSet(config, "place-words.txt", folding))
        stancePrefixes = FoldedWordSet(try Self.wordSet(config, "stance-prefixes.txt", folding))
        institutionWords = FoldedWordSet(try Self.wordSet(config, "institution-words.txt", folding))
        var wellKnown: Set<String> = []
        for (line, code) in try config.listEntries(Self.folder + "well-known-subdivisions.txt") {
            guard catalog.country(code: code) != nil else {
                throw .invalid(
                    path: Self.folder + "well-known-subdivisions.txt", line: line,
                    reason: "unknown country code \(code)")
            }
            wellKnown.insert(code)
        }
        wellKnownSubdivisionCountries = wellKnown

        var entries: [GeoEntry] = []
        var names: [(name: String, payload: Int32)] = []
        func add(
            _ kind: GeoKind, _ country: String, name: String, surface: String, population: Int = 0, admin1: String = ""
        ) {
            let key = folding.foldedKey(surface)
            let skipsArticle = surface.lowercased().hasPrefix("the ")
            // Acronyms are short: only short names pay for the Unicode property look-ups.
            let letters = surface.utf8.count > 10 ? [] : surface.unicodeScalars.filter { $0.properties.isAlphabetic }
            let entry = GeoEntry(
                kind: kind, country: country, name: skipsArticle && name == surface ? String(name.dropFirst(4)) : name,
                surface: Array(surface.unicodeScalars),
                population: population, admin1: admin1,
                skipsArticle: skipsArticle,
                isAcronym: letters.count <= 4 && !letters.isEmpty && letters.allSatisfy { $0.properties.isUppercase },
                isCommonWord: kind == .city && commonWords.contains(key),
                isPersonName: personNames.contains(key))
            names.append((surface, Int32(entries.count)))
            entries.append(entry)
        }

        // Countries: ISO names, then aliases.
        for country in catalog.countries {
            for name in catalog.names(of: country.alpha2) {
                add(.country, country.alpha2, name: country.name, surface: name)
            }
        }
        var demonymOwner: [[UInt32]: String] = [:]
        for (line, code, words) in try Self.codedLists(config, "demonyms.txt") {
            guard let country = catalog.country(code: code) else {
                throw .invalid(path: Self.folder + "demonyms.txt", line: line, reason: "unknown country code \(code)")
            }
            for word in words {
                let key = folding.foldedKey(word)
                if let owner = demonymOwner[key], owner != code {
                    throw .invalid(
                        path: Self.folder + "demonyms.txt", line: line, reason: "\(word) already names \(owner)")
                }
                demonymOwner[key] = code
                add(.demonym, country.alpha2, name: country.name, surface: word)
                let last = word.unicodeScalars.last.map { Character($0) }
                if last != "s" && !word.hasSuffix("sh") && !word.hasSuffix("ese") {
                    add(.demonym, country.alpha2, name: country.name, surface: word + "s")
                }
            }
        }
        // US states and counties.
        var stateNames: [String: String] = [:]
        for (line, fields) in try Self.table(config, "us-states.tsv", columns: 2) {
            guard fields[0].count == 2 else {
                throw .invalid(path: Self.folder + "us-states.tsv", line: line, reason: "bad state code \(fields[0])")
            }
            stateNames[fields[0]] = fields[1]
            add(.usState, "US", name: fields[1], surface: fields[1], admin1: fields[0])
        }
        for (_, fields) in try Self.table(config, "us-counties.tsv", columns: 2) {
            add(.county, "US", name: fields[0], surface: fields[0], admin1: fields[1])
        }
        // Other countries' subdivisions and the dateline abbreviations.
        var subdivisionNames: [String: String] = [:]
        for (line, fields) in try Self.table(config, "subdivisions.tsv", columns: 2) {
            let parts = fields[0].split(separator: "-", maxSplits: 1).map(String.init)
            guard parts.count == 2, catalog.country(code: parts[0]) != nil else {
                throw .invalid(path: Self.folder + "subdivisions.tsv", line: line, reason: "bad code \(fields[0])")
            }
            subdivisionNames[fields[0]] = fields[1]
            add(.subdivision, parts[0], name: fields[1], surface: fields[1], admin1: parts[1])
        }
        for (line, code, words) in try Self.codedLists(config, "state-abbreviations.txt") {
            let parts = code.split(separator: "-", maxSplits: 1).map(String.init)
            guard parts.count == 2, catalog.country(code: parts[0]) != nil else {
                throw .invalid(path: Self.folder + "state-abbreviations.txt", line: line, reason: "bad code \(code)")
            }
            let name = parts[0] == "US" ? stateNames[parts[1]] : subdivisionNames[code]
            for word in words {
                add(.abbreviation, parts[0], name: name ?? word, surface: word, admin1: parts[1])
            }
        }
        // Cities, largest first.
        for (line, fields) in try Self.table(config, "cities.tsv", columns: 4) {
            guard catalog.country(code: fields[1]) != nil, let population = Int(fields[3]) else {
                throw .invalid(path: Self.folder + "cities.tsv", line: line, reason: "bad country or population")
            }
            add(.city, fields[1], name: fields[0], surface: fields[0], population: population, admin1: fields[2])
        }
        for (line, code, words) in try Self.codedLists(config, "regions.txt") {
            let country: String
            if code == "--" {
                country = ""
            } else if let known = catalog.country(code: code) {
                country = known.alpha2
            } else {
                throw .invalid(path: Self.folder + "regions.txt", line: line, reason: "unknown country code \(code)")
            }
            for word in words { add(.region, country, name: word, surface: word) }
        }
        for (_, name) in try config.listEntries(Self.folder + "not-places.txt") {
            add(.notPlace, "", name: name, surface: name)
        }
        self.entries = entries
        traits = entries.map {
            GeoEntryTraits(
                kind: $0.kind, population: $0.population, isAcronym: $0.isAcronym, isCommonWord: $0.isCommonWord,
                isPersonName: $0.isPersonName)
        }
        gazetteer = Gazetteer(names: names, folding: folding)
        lowercaseInitialGazetteer = Gazetteer(
            names: names.filter { name in
                entries[Int(name.payload)].surface.first.map { !GazetteerFolding.isUppercase($0) } ?? true
            },
            folding: folding)
    }

    /// Folded one-word entries of a list.
    private static func wordSet(_ config: ConfigFiles, _ file: String, _ folding: GazetteerFolding)
        throws(ConfigFileError) -> Set<[UInt32]>
    {
        Set(try config.listEntries(folder + file).map { folding.foldedKey($0.entry) })
    }

    /// Lines `CODE: name | name` of a list.
    static func codedLists(_ config: ConfigFiles, _ file: String) throws(ConfigFileError)
        -> [(line: Int, code: String, names: [String])]
    {
        var out: [(Int, String, [String])] = []
        for (line, entry) in try config.listEntries(folder + file) {
            guard let colon = entry.firstIndex(of: ":") else {
                throw .invalid(path: folder + file, line: line, reason: "expected CODE: name | name")
            }
            let code = entry[..<colon].trimmingCharacters(in: .whitespaces)
            let names = entry[entry.index(after: colon)...].split(separator: "|")
                .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            if code.isEmpty || names.isEmpty {
                throw .invalid(path: folder + file, line: line, reason: "expected CODE: name | name")
            }
            out.append((line, code, names))
        }
        return out
    }

    /// Tab-separated rows with at least `columns` fields: `#` comments and blank lines skipped, fields trimmed
    /// of spaces. Parsed over UTF-8 bytes (the city table has tens of thousands of rows, read at every start).
    static func table(_ config: ConfigFiles, _ file: String, columns: Int) throws(ConfigFileError)
        -> [(line: Int, fields: [String])]
    {
        let bytes = [UInt8](try config.data(folder + file))
        var out: [(Int, [String])] = []
        var lineNumber = 0
        var lineStart = 0
        let count = bytes.count
        while lineStart < count {
            lineNumber += 1
            var lineEnd = lineStart
            while lineEnd < count && bytes[lineEnd] != 0x0A { lineEnd += 1 }
            var contentEnd = lineEnd
            if let hash = bytes[lineStart..<lineEnd].firstIndex(of: 0x23) { contentEnd = hash }  // "#"
            var fields: [String] = []
            var fieldStart = lineStart
            var hasText = false
            for index in lineStart...contentEnd where index == contentEnd || bytes[index] == 0x09 {
                var lower = fieldStart
                var upper = index
                while lower < upper && (bytes[lower] == 0x20 || bytes[lower] == 0x0D) { lower += 1 }
                while upper > lower && (bytes[upper - 1] == 0x20 || bytes[upper - 1] == 0x0D) { upper -= 1 }
                if upper > lower { hasText = true }
                fields.append(String(decoding: bytes[lower..<upper], as: UTF8.self))
                fieldStart = index + 1
            }
            if hasText {
                guard fields.count >= columns, !fields[0].isEmpty else {
                    throw .invalid(
                        path: folder + file, line: lineNumber, reason: "expected \(columns) tab-separated fields")
                }
                out.append((lineNumber, fields))
            }
            lineStart = lineEnd + 1
        }
        return out
    }
}
