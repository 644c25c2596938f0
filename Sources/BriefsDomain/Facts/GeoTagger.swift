/// Finds countries and places in a text: names, demonyms, cities, states and regions, with ambiguity handled.
/// (Skeleton: implemented in the geo work.)
public struct GeoTagger: Sendable {
    public init(config: ConfigFiles) throws(ConfigFileError) {}

    /// Countries (with salience and focus) and places of the document.
    /// - Parameters:
    ///   - document: the body text; offsets are in Unicode scalars.
    ///   - title: the headline, which weighs more for focus.
    ///   - sentences: scalar ranges of each sentence, in order.
    public func tag(document: TextDocument, title: String?, sentences: [Range<Int>]) -> GeoResult {
        GeoResult()
    }
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
