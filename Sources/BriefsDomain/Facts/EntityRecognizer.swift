/// Finds people (with titles, surname mentions merged) and organisations (acronyms merged).
///
/// Stages, over the tokens of the document:
/// 1. candidates — maximal runs of capitalised words (with "of", "for", "de", "bin"... inside when a name goes on),
///    minus sentence openers that are ordinary words (listed, or written in lower case elsewhere in the document),
///    months and weekdays; runs wholly inside a `GeoResult.locations` span are left to the geo tagger;
/// 2. titles — a title of office at the start of a run or just before it ("U.S. Secretary of State Antony Blinken",
///    "analyst Chris Weafer") is cut off and kept, with the country written before it;
/// 3. strong evidence — organisation lexicon and variants, organisation head words ("Party", "Inc."), "Ministry of";
///    honorifics and titles, given names, person cues after the name ("said", "who"), surnames; acronyms are
///    organisations;
/// 4. propagation — document-level: a surname or a given name alone joins the person known by it; an acronym or a
///    variant joins its organisation; what is left is guessed (two or three name-like words: a person; one word: an
///    organisation) outside headline-cased lines;
/// 5. apposition titles ("Blinken, the secretary of state,") and roles without a name ("Ukraine's president").
/// Spans for evaluation are the names themselves: no titles, no leading "the", no possessive "'s".
public struct EntityRecognizer: Sendable {
    let settings: TokenSettings
    let lexicon: EntityLexicon

    public init(config: ConfigFiles) throws(ConfigFileError) {
        settings = try TokenSettings(config: config)
        lexicon = try EntityLexicon(config: config)
    }

    public func recognize(document: TextDocument, sentences: [Range<Int>], geo: GeoResult) -> RecognizedEntities {
        recognize(document: document, tokens: settings.tokens(in: document), sentences: sentences, geo: geo)
    }

    /// The same over tokens already cut (`SentenceSplitter.tokens(in:)`).
    func recognize(document: TextDocument, tokens: [Token], sentences: [Range<Int>], geo: GeoResult)
        -> RecognizedEntities
    {
        var pass = EntityPass(
            lexicon: lexicon, document: document, tokens: tokens, sentences: sentences, geo: geo)
        pass.run()
        return pass.result()
    }
}

/// People, organisations and roles, plus their typed spans (`PERSON`, `ORG`).
public struct RecognizedEntities: Sendable, Equatable {
    public var people: [PersonFact]
    public var organizations: [OrganizationFact]
    public var roles: [RoleFact]
    public var spans: [EntitySpan]

    public init(
        people: [PersonFact] = [], organizations: [OrganizationFact] = [], roles: [RoleFact] = [],
        spans: [EntitySpan] = []
    ) {
        self.people = people
        self.organizations = organizations
        self.roles = roles
        self.spans = spans
    }
}
