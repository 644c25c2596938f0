/// Extracts the facts of one article.
///
/// Stages, each a pure function over the body text (offsets in Unicode scalars):
/// 1. `SentenceSplitter` — sentence ranges (every fact records its sentence index);
/// 2. `GeoTagger` — countries (salience, focus) and places;
/// 3. `EntityRecognizer` — people (titles, surname merging) and organisations, not overlapping places;
/// 4. `DateExtractor` — dates normalised against the publication date;
/// 5. `FigureExtractor` — numbers, money, percentages with what they count;
/// 6. `QuoteExtractor` — direct quotes and their speakers;
/// 7. `KeySentenceRanker` — the sentences that best summarise the article.
public struct FactExtractor: Sendable {
    let splitter: SentenceSplitter
    let geo: GeoTagger
    let recognizer: EntityRecognizer
    let dates: DateExtractor
    let figures: FigureExtractor
    let quotes: QuoteExtractor
    let ranker: KeySentenceRanker

    public init(config: ConfigFiles) throws(ConfigFileError) {
        splitter = try SentenceSplitter(config: config)
        geo = try GeoTagger(config: config)
        recognizer = try EntityRecognizer(config: config)
        dates = try DateExtractor(config: config)
        figures = try FigureExtractor(config: config)
        quotes = try QuoteExtractor(config: config)
        ranker = try KeySentenceRanker(config: config)
    }

    /// - Parameters:
    ///   - text: the body text; every offset is in Unicode scalars into it.
    ///   - title: the headline.
    ///   - publishedAt: RFC 3339 or `YYYY-MM-DD`; relative dates are resolved against it (nil: left unresolved).
    public func facts(in text: String, title: String?, publishedAt: String?) -> Facts {
        analysis(of: text, title: title, publishedAt: publishedAt).facts
    }

    /// The facts plus every typed entity span (for evaluation against annotated corpora).
    public func analysis(of text: String, title: String?, publishedAt: String?) -> FactsAnalysis {
        let document = TextDocument(text)
        // Tokens are cut once and shared by every stage that reads them.
        let tokens = splitter.tokens(in: document)
        let sentences = splitter.sentences(in: document, tokens: tokens)
        let geoResult = geo.tag(document: document, title: title, sentences: sentences)
        let entities = recognizer.recognize(document: document, tokens: tokens, sentences: sentences, geo: geoResult)
        let dateFacts = dates.dates(in: document, tokens: tokens, sentences: sentences, publishedAt: publishedAt)
        // A figure too large for a Double ("1e400 dollars", 400 digits) keeps its text but no value: JSON has no
        // infinity, and an unencodable fact would make the article unstorable.
        let figureFacts = figures.figures(in: document, tokens: tokens, sentences: sentences).map { figure in
            var figure = figure
            if let value = figure.value, !value.isFinite { figure.value = nil }
            return figure
        }
        let quoteFacts = quotes.quotes(in: document, tokens: tokens, sentences: sentences, people: entities.people)
        let keySentences = ranker.keySentences(
            in: document, tokens: tokens, sentences: sentences, title: title,
            mentionsPerSentence: Self.mentionDensity(
                sentenceCount: sentences.count, geo: geoResult, entities: entities, figures: figureFacts))
        let facts = Facts(
            countries: geoResult.countries, people: entities.people, organizations: entities.organizations,
            places: geoResult.places, dates: dateFacts, figures: figureFacts, quotes: quoteFacts,
            keySentences: keySentences, roles: entities.roles)
        let spans = Self.resolveOverlaps(locations: geoResult.locations, entities: entities.spans)
        return FactsAnalysis(facts: facts, entities: spans)
    }

    /// Location spans and person/organisation spans, sorted by position. When both stages type the very same span
    /// ("EU", "European Union": a region to the geo tagger, an organisation to the recogniser) the span is kept once,
    /// as a location, which is how the annotated corpora type such bodies; the organisation stays in the facts.
    static func resolveOverlaps(locations: [EntitySpan], entities: [EntitySpan]) -> [EntitySpan] {
        let locationRanges = Set(locations.map { $0.start..<$0.end })
        let kept = entities.filter { !locationRanges.contains($0.start..<$0.end) }
        return (locations + kept).sorted { ($0.start, $0.end, $0.type) < ($1.start, $1.end, $1.type) }
    }

    /// How many entity and figure mentions each sentence holds (an input to key-sentence ranking).
    static func mentionDensity(sentenceCount: Int, geo: GeoResult, entities: RecognizedEntities, figures: [FigureFact])
        -> [Int]
    {
        var counts = [Int](repeating: 0, count: sentenceCount)
        func add(_ mention: Mention) {
            if mention.sentence >= 0 && mention.sentence < sentenceCount { counts[mention.sentence] += 1 }
        }
        geo.countries.forEach { $0.mentions.forEach(add) }
        geo.places.forEach { $0.mentions.forEach(add) }
        entities.people.forEach { $0.mentions.forEach(add) }
        entities.organizations.forEach { $0.mentions.forEach(add) }
        figures.forEach { add($0.mention) }
        return counts
    }
}

/// Facts plus typed entity spans.
public struct FactsAnalysis: Sendable, Equatable {
    public var facts: Facts
    /// `PERSON`, `ORG` and `LOC` spans, sorted by position.
    public var entities: [EntitySpan]
}
