/// Stage 5 of `GeoTagger`: countries with salience and focus, places and `LOC` spans.
extension GeoTagger {
    /// Countries (focus first, then by score), places (most mentioned first) and `LOC` spans of the resolved
    /// mentions; title mentions add to the scores of countries found in the body.
    func aggregate(
        _ mentions: [ResolvedMention], titleMentions: [ResolvedMention], document: TextDocument, sentences: [Range<Int>]
    ) -> GeoResult {
        struct CountryTally {
            var score = 0.0
            var first = Int.max
            var mentions: [Mention] = []
        }
        struct PlaceKey: Hashable {
            var name: String
            var kind: String
            var country: String
        }
        var countries: [String: CountryTally] = [:]
        var places: [PlaceKey: [Mention]] = [:]
        var locations: [EntitySpan] = []
        let ledeEnd = sentences.first?.upperBound ?? 0
        for mention in mentions {
            let entry = mention.entry
            var start = mention.start
            if entry.skipsArticle {
                // "the States": the span is the name after the article.
                start = min(mention.end, start + 4)
            }
            let sentence = TextDocument.sentenceIndex(of: start, in: sentences)
            let fact = Mention(start: start, end: mention.end, sentence: sentence)
            if entry.kind != .demonym && !mention.isInstitution {
                locations.append(
                    EntitySpan(
                        start: start, end: mention.end, text: document.substring(start..<mention.end), type: "LOC"))
            }
            if entry.kind != .country && entry.kind != .demonym && !mention.isInstitution {
                places[PlaceKey(name: entry.name, kind: entry.kind.placeKind, country: entry.country), default: []]
                    .append(fact)
            }
            guard !entry.country.isEmpty else { continue }
            var weight = entry.kind == .demonym || mention.isModifier ? Self.demonymWeight : 1
            if start < ledeEnd { weight += Self.ledeWeight }
            countries[entry.country, default: CountryTally()].score += weight
            countries[entry.country, default: CountryTally()].mentions.append(fact)
            countries[entry.country, default: CountryTally()].first = min(
                countries[entry.country]?.first ?? .max, start)
        }
        for mention in titleMentions where !mention.entry.country.isEmpty {
            countries[mention.entry.country]?.score += Self.titleWeight
        }
        let total = countries.values.reduce(0) { $0 + $1.score }
        let top = countries.values.map(\.score).max() ?? 0
        var countryFacts: [(fact: CountryFact, first: Int)] = countries.map { code, tally in
            let name = lexicon.catalog.country(code: code)?.name ?? code
            let salience = total > 0 ? (tally.score / total * 1000).rounded() / 1000 : 0
            let focus = top > 0 && tally.score >= top * Self.focusShare
            return (
                CountryFact(
                    code: code, name: name, mentionCount: tally.mentions.count, salience: salience, focus: focus,
                    mentions: tally.mentions), tally.first
            )
        }
        countryFacts.sort { lhs, rhs in
            if lhs.fact.focus != rhs.fact.focus { return lhs.fact.focus }
            let left = countries[lhs.fact.code]?.score ?? 0
            let right = countries[rhs.fact.code]?.score ?? 0
            if left != right { return left > right }
            if lhs.first != rhs.first { return lhs.first < rhs.first }
            return lhs.fact.code < rhs.fact.code
        }
        var placeFacts = places.map { key, mentions in
            PlaceFact(
                name: key.name, kind: key.kind, country: key.country.isEmpty ? nil : key.country,
                mentionCount: mentions.count, mentions: mentions)
        }
        placeFacts.sort { lhs, rhs in
            if lhs.mentionCount != rhs.mentionCount { return lhs.mentionCount > rhs.mentionCount }
            let left = lhs.mentions.first?.start ?? 0
            let right = rhs.mentions.first?.start ?? 0
            if left != right { return left < right }
            return lhs.name < rhs.name
        }
        return GeoResult(countries: countryFacts.map(\.fact), places: placeFacts, locations: locations)
    }
}
