import Foundation

/// Finds countries and places in a text: names, demonyms, cities, states and regions, with ambiguity handled.
///
/// Stages (offsets in Unicode scalars):
/// 1. `fold` — case/diacritic folding of the text and a word-scalar mask;
/// 2. `candidates` — from each word start, the longest gazetteer name whose capitalisation fits
///    ("turkey" is no country, "us" no US; "New Mexico" hides "Mexico");
/// 3. `filter` — context rules: names inside organisation names ("China Daily", "Washington Post",
///    "University of Georgia"), person names ("Michael Jordan", "Mr. Chad"), common-word cities that need
///    place context ("in Nice");
/// 4. `resolve` — one sense per name and document: a country, US state or city by prior (kind, population),
///    the countries and US states named elsewhere in the text, and "City, State" patterns;
/// 5. `aggregate` — countries (mentions, salience, focus), places and `LOC` spans.
///
/// Focus follows CLIFF: every mention of a country or of a place in it scores for the country; the title
/// and the lede score more; the top country (and any close to it) is the focus.
public struct GeoTagger: Sendable {
    let lexicon: GeoLexicon

    /// Extra weight of a country mention in the title, and of a mention in the first sentence.
    static let titleWeight = 1.0
    static let ledeWeight = 0.5
    /// Weight of a demonym mention ("Albanian") relative to a name.
    static let demonymWeight = 0.5
    /// A country whose score reaches this share of the top score is a focus too.
    static let focusShare = 0.9
    /// Cities below this population need their country named elsewhere in the text.
    static let smallCityPopulation = 100_000
    /// Towns below this population (listed only for local news) need their US state named in the text.
    static let townPopulation = 15_000

    public init(config: ConfigFiles) throws(ConfigFileError) {
        lexicon = try GeoLexicon(config: config)
    }

    /// Countries (with salience and focus) and places of the document.
    /// - Parameters:
    ///   - document: the body text; offsets are in Unicode scalars.
    ///   - title: the headline, which weighs more for focus.
    ///   - sentences: scalar ranges of each sentence, in order.
    public func tag(document: TextDocument, title: String?, sentences: [Range<Int>]) -> GeoResult {
        let mentions = resolvedMentions(in: document.scalars)
        var titleMentions: [ResolvedMention] = []
        if let title, !title.isEmpty {
            titleMentions = resolvedMentions(in: Array(title.unicodeScalars))
        }
        return aggregate(mentions, titleMentions: titleMentions, document: document, sentences: sentences)
    }

    /// One name in the text, after filtering and resolution.
    struct ResolvedMention {
        var start: Int
        var end: Int
        var entry: GeoEntry
        /// A country acronym used as a modifier ("US history", "U.S. officials"): weighs like a demonym.
        var isModifier = false
        /// Inside an institution's name: no place span, no place.
        var isInstitution = false
    }

    /// A gazetteer name found in the text with the senses whose capitalisation fits.
    struct Candidate {
        var start: Int
        var end: Int
        var entries: [Int32]
        /// The folded name, the key of one-sense-per-document.
        var key: [UInt32]
        /// Part of the name of one of the place's institutions ("United States Department of Agriculture"):
        /// no place span, a weak country mention.
        var isInstitution = false
    }

    /// Stages 1–4 over one text.
    func resolvedMentions(in scalars: [Unicode.Scalar]) -> [ResolvedMention] {
        let folding = lexicon.gazetteer.folding
        var folded = [UInt32](repeating: 0, count: scalars.count)
        var isWord = [Bool](repeating: false, count: scalars.count)
        for index in scalars.indices {
            folded[index] = folding.fold(scalars[index])
            isWord[index] = GazetteerFolding.isWordScalar(scalars[index])
        }
        let text = GeoTextView(scalars: scalars, folded: folded, isWord: isWord)
        var candidates = self.candidates(in: text)
        candidates = filter(candidates, in: text)
        return resolve(candidates, in: text)
    }

    // MARK: Stage 2: candidates

    func candidates(in text: GeoTextView) -> [Candidate] {
        var out: [Candidate] = []
        var nextFree = 0
        let count = text.count
        var index = 0
        var found: [Gazetteer.Match] = []
        found.reserveCapacity(8)
        while index < count {
            guard text.isWord[index], index == 0 || !text.isWord[index - 1], index >= nextFree else {
                index += 1
                continue
            }
            // A word that does not start with a capital can only fit a name listed without one.
            if GazetteerFolding.isUppercase(text.scalars[index]) {
                lexicon.gazetteer.matches(at: index, folded: text.folded, isWord: text.isWord, into: &found)
            } else {
                lexicon.lowercaseInitialGazetteer.matches(
                    at: index, folded: text.folded, isWord: text.isWord, into: &found)
            }
            for match in found {
                let fitting = match.payloads.filter {
                    capitalisationFits(lexicon.entries[Int($0)], text, match.start, match.end)
                }
                if fitting.isEmpty { continue }
                out.append(
                    Candidate(
                        start: match.start, end: match.end, entries: fitting,
                        key: Array(text.folded[match.start..<match.end])))
                nextFree = match.end
                break
            }
            index += 1
        }
        return out
    }

    /// Whether the text's capitals fit a listed name: capitalised words of the name are capitalised in the text,
    /// other letters are as listed ("PoP" is not "Pop"), acronyms are all capitals, and an all-capitals
    /// text fits any name of four letters or more when it stands in all-capitals context (a headline, a
    /// dateline at the start of a line), so that "OAS" or "MOCA" in running text is no city.
    func capitalisationFits(_ entry: GeoEntry, _ text: GeoTextView, _ start: Int, _ end: Int) -> Bool {
        let length = end - start
        guard entry.surface.count == length else { return false }
        var letters = 0
        var allCaps = true
        for offset in 0..<length {
            let scalar = text.scalars[start + offset]
            guard GazetteerFolding.isLetter(scalar) else { continue }
            letters += 1
            if !GazetteerFolding.isUppercase(scalar) { allCaps = false }
        }
        if entry.isAcronym { return allCaps }
        if allCaps && letters >= 4 && text.isAllCapsContext(start, end) { return true }
        for offset in 0..<length {
            let listed = entry.surface[offset]
            let written = text.scalars[start + offset]
            let atWordStart = offset == 0 || !GazetteerFolding.isWordScalar(entry.surface[offset - 1])
            if GazetteerFolding.isUppercase(listed) {
                if atWordStart && !GazetteerFolding.isUppercase(written) { return false }
            } else if GazetteerFolding.isUppercase(written) && GazetteerFolding.isLowercase(listed) {
                return false
            }
        }
        return true
    }

    // MARK: Stage 3: context filters

    func filter(_ candidates: [Candidate], in text: GeoTextView) -> [Candidate] {
        var out: [Candidate] = []
        out.reserveCapacity(candidates.count)
        var candidateAt: [Int: Int] = [:]
        for (index, candidate) in candidates.enumerated() { candidateAt[candidate.start] = index }
        /// Whether the word at `start` is a place name other than a city ("Paris France", "Texas Jordan").
        func isPlaceWord(_ start: Int) -> Bool {
            guard let index = candidateAt[start] else { return false }
            return candidates[index].entries.contains {
                let kind = lexicon.traits[Int($0)].kind
                return kind != .city && kind != .demonym && kind != .notPlace
            }
        }
        var personKeys: Set<[UInt32]> = []
        for candidate in candidates {
            let entries = candidate.entries.map { lexicon.traits[Int($0)] }
            if entries.contains(where: { $0.kind == .notPlace }) { continue }
            // "pro-Beijing", "anti-American": a stance, not a place.
            if text.isStancePrefixed(candidate.start, prefixes: lexicon.stancePrefixes) { continue }
            // "US$40 billion", "A$": a currency, not the country.
            if candidate.end < text.count && text.folded[candidate.end] == 0x24 { continue }
            let next = text.word(after: candidate.end)
            let previous = text.word(before: candidate.start)
            // "Washington Post", "Georgia Tech": the name starts an organisation's name.
            if let next, next.isCapitalised, lexicon.orgWords.contains(next.folded) { continue }
            let isInstitution = next.map { $0.isCapitalised && lexicon.institutionWords.contains($0.folded) } ?? false
            // "University of Georgia": the name ends one.
            if let previous, previous.folded.elementsEqual(Self.of), let before = text.word(before: previous.start),
                before.isCapitalised,
                lexicon.orgWords.contains(before.folded)
            {
                continue
            }
            // A capitalised word that is neither a place nor a sentence starter, right before or after the
            // name, makes it part of a person's name ("Michael Jordan", "Chad Smith", "Nancy Pelosi").
            let inHeadline = text.isTitleCaseLine(at: candidate.start)
            let previousIsName =
                !inHeadline
                && previous.map {
                    $0.isCapitalised && !lexicon.functionWords.contains($0.folded) && !isPlaceWord($0.start)
                }
                    ?? false
            let nextIsName =
                !inHeadline
                && next.map { $0.isCapitalised && !lexicon.placeWords.contains($0.folded) && !isPlaceWord($0.start) }
                    ?? false
            // A person's name has two or three words; a longer capitalised run is an organisation or event named
            // after the place ("Munich Security Conference", "Georgia School Boards Association"): the place stays.
            let nextStartsLongName = next.flatMap { text.word(after: $0.end) }?.isCapitalised ?? false
            let previousEndsLongName = previous.flatMap { text.word(before: $0.start) }?.isCapitalised ?? false
            let personContext = (previousIsName && !previousEndsLongName) || (nextIsName && !nextStartsLongName)
            let afterPreposition = previous.map { lexicon.placePrepositions.contains($0.folded) } ?? false
            let beforeComma = text.commaFollows(candidate.end)
            var kept: [Int32] = []
            var isPerson = false
            for (id, entry) in zip(candidate.entries, entries) {
                switch entry.kind {
                case .demonym, .abbreviation, .notPlace:
                    kept.append(id)
                    continue
                default: break
                }
                // "Hitwise UK", "Amazon US": a company's national branch, not the country.
                if entry.kind == .country && entry.isAcronym && previousIsName { continue }
                if personContext && (entry.isPersonName || entry.kind == .city) {
                    // One sense per document for names of people and small towns ("Rubio said" later);
                    // a large city inside a name ("Children's Village Malakal") is dropped there only.
                    if entry.isPersonName || entry.population < Self.smallCityPopulation { isPerson = true }
                    continue
                }
                if entry.isCommonWord && !afterPreposition && !beforeComma { continue }
                kept.append(id)
            }
            if isPerson { personKeys.insert(candidate.key) }
            if kept.isEmpty { continue }
            var copy = candidate
            copy.entries = kept
            copy.isInstitution = isInstitution
            out.append(copy)
        }
        guard !personKeys.isEmpty else { return out }
        // One sense per document: a name used for a person ("Marco Rubio") is a person when alone ("Rubio said").
        return out.compactMap { candidate in
            guard personKeys.contains(candidate.key) else { return candidate }
            var copy = candidate
            copy.entries = candidate.entries.filter {
                let entry = lexicon.traits[Int($0)]
                return entry.kind != .city && !entry.isPersonName
            }
            return copy.entries.isEmpty ? nil : copy
        }
    }

    static let of: [UInt32] = Array("of".unicodeScalars.map(\.value))

}

/// What the geo tagger found.
public struct GeoResult: Sendable, Equatable {
    public var countries: [CountryFact]
    public var places: [PlaceFact]
    /// Every location span (country names, places, regions), typed `LOC`: for entity evaluation, and so that the
    /// entity recogniser does not take them for people or organisations.
    public var locations: [EntitySpan]

    public init(countries: [CountryFact] = [], places: [PlaceFact] = [], locations: [EntitySpan] = []) {
        self.countries = countries
        self.places = places
        self.locations = locations
    }
}

/// A typed span of text (`PERSON`, `ORG`, `LOC`), offsets in Unicode scalars, `end` exclusive.
public struct EntitySpan: Codable, Sendable, Hashable {
    public var start: Int
    public var end: Int
    public var text: String
    public var type: String

    public init(start: Int, end: Int, text: String, type: String) {
        self.start = start
        self.end = end
        self.text = text
        self.type = type
    }
}
