import Foundation

/// Stage 4 of `GeoTagger`: one sense per name, from priors, evidence and "Town, State" patterns.
extension GeoTagger {
    /// Chooses one sense for each candidate (dropping those left without an admissible sense) and marks country
    /// acronyms used as modifiers.
    func resolve(_ candidates: [Candidate], in text: GeoTextView) -> [ResolvedMention] {
        // Evidence from unambiguous names: how often each country and each US state is named.
        var countryEvidence: [String: Double] = [:]
        var stateEvidence: [String: Double] = [:]
        // One-sense-per-name tables are indexed by a number per distinct name, found with one hash per candidate.
        var nameIDs: [[UInt32]: Int] = [:]
        let nameOf = candidates.map { candidate in
            if let id = nameIDs[candidate.key] { return id }
            let id = nameIDs.count
            nameIDs[candidate.key] = id
            return id
        }
        let nameCount = nameIDs.count
        var ownEvidence = [Double](repeating: 0, count: nameCount)
        for (index, candidate) in candidates.enumerated() {
            let entries = candidate.entries.map { lexicon.entries[Int($0)] }
            guard let first = entries.first, !first.country.isEmpty else { continue }
            if entries.allSatisfy({ $0.country == first.country }) {
                let weight = first.kind == .demonym ? Self.demonymWeight : 1
                countryEvidence[first.country, default: 0] += weight
                ownEvidence[nameOf[index]] += weight
            }
            // A state or province named once, even if a town shares its name ("Ontario"), backs its towns.
            let states = entries.filter { [.usState, .subdivision, .abbreviation, .county].contains($0.kind) }
            if let state = states.first, !state.admin1.isEmpty,
                states.allSatisfy({ $0.country == state.country && $0.admin1 == state.admin1 })
            {
                stateEvidence[state.country + "-" + state.admin1, default: 0] += 1
            }
        }
        // "City, State": the state (or country) after the comma chooses the city.
        var constraint: [Int: (country: String, admin1: String?)] = [:]
        for (index, candidate) in candidates.enumerated() where index + 1 < candidates.count {
            let following = candidates[index + 1]
            guard text.commaFollows(candidate.end), text.isCommaGap(candidate.end, following.start) else { continue }
            let entries = following.entries.map { lexicon.entries[Int($0)] }
            if let state = entries.first(where: { [.usState, .abbreviation, .subdivision].contains($0.kind) }) {
                constraint[index] = (state.country, state.admin1)
            } else if let country = entries.first(where: { $0.kind == .country }) {
                constraint[index] = (country.country, nil)
            }
        }
        // A sense fixed by a "Town, State" pattern holds for every mention of the name.
        var constrained: [Int: Int32] = [:]
        // nil: no sense chosen (yet) for the name.
        var chosenByKey = [Int32?](repeating: nil, count: nameCount)
        for index in constraint.keys.sorted() {
            guard let rule = constraint[index] else { continue }
            let candidate = candidates[index]
            let fitting = candidate.entries.filter {
                let entry = lexicon.entries[Int($0)]
                return entry.country == rule.country
                    && (rule.admin1 == nil || entry.admin1 == rule.admin1 || entry.kind == .country)
            }
            if let choice = best(of: fitting, CountryEvidence(countryEvidence), stateEvidence) {
                constrained[index] = choice
                if chosenByKey[nameOf[index]] == nil { chosenByKey[nameOf[index]] = choice }
            }
        }
        // A small town or a province is a possible sense only when its country is named elsewhere (or a
        // "Town, State" pattern names it, above): most such names found alone are people or words ("March",
        // "Rubio", "Falcon"). The smallest towns (below the world-wide floor of the city list) need their US
        // state named too.
        func isAdmissible(_ id: Int32, _ candidate: Candidate, _ evidence: CountryEvidence) -> Bool {
            let entry = lexicon.entries[Int(id)]
            let needsEvidence =
                (entry.kind == .city && entry.population < Self.smallCityPopulation)
                || (entry.kind == .subdivision && !lexicon.wellKnownSubdivisionCountries.contains(entry.country))
            guard needsEvidence else { return true }
            if (evidence[entry.country] ?? 0) <= 0 { return false }
            if entry.kind == .city && entry.population < Self.townPopulation {
                return entry.country == "US" && (stateEvidence["US-" + entry.admin1] ?? 0) > 0
            }
            return true
        }
        var options = [[Int32]?](repeating: nil, count: nameCount)
        for (index, candidate) in candidates.enumerated() where options[nameOf[index]] == nil {
            var evidence = CountryEvidence(countryEvidence)
            if let first = candidate.entries.first.map({ lexicon.entries[Int($0)].country }),
                candidate.entries.allSatisfy({ lexicon.entries[Int($0)].country == first })
            {
                evidence.subtract(ownEvidence[nameOf[index]], from: first)
            }
            options[nameOf[index]] = candidate.entries.filter { isAdmissible($0, candidate, evidence) }
        }
        // Round 1: the other names by prior and the evidence of unambiguous names. Round 2: again, with the
        // countries that round 1 chose for every name ("London" and "Ontario" make "Edmonton" Canadian).
        var firstRound = chosenByKey
        for index in candidates.indices where firstRound[nameOf[index]] == nil {
            firstRound[nameOf[index]] = best(
                of: options[nameOf[index]] ?? [], CountryEvidence(countryEvidence), stateEvidence)
        }
        var resolvedEvidence: [String: Double] = [:]
        var ownResolved = [Double](repeating: 0, count: nameCount)
        for index in candidates.indices {
            guard let id = firstRound[nameOf[index]] else { continue }
            let entry = lexicon.entries[Int(id)]
            guard !entry.country.isEmpty else { continue }
            let weight = entry.kind == .demonym ? Self.demonymWeight : 1
            resolvedEvidence[entry.country, default: 0] += weight
            ownResolved[nameOf[index]] += weight
        }
        // A name whose first mention yields no sense is tried again at its next mention (whose senses may differ).
        for (index, candidate) in candidates.enumerated() where chosenByKey[nameOf[index]] == nil {
            var evidence = CountryEvidence(resolvedEvidence)
            if let own = firstRound[nameOf[index]] {
                evidence.subtract(ownResolved[nameOf[index]], from: lexicon.entries[Int(own)].country)
            }
            let admissible = candidate.entries.filter { isAdmissible($0, candidate, evidence) }
            chosenByKey[nameOf[index]] = best(of: admissible, evidence, stateEvidence)
        }
        var out: [ResolvedMention] = []
        out.reserveCapacity(candidates.count)
        for (index, candidate) in candidates.enumerated() {
            let choice = constrained[index] ?? chosenByKey[nameOf[index]]
            guard var choice else { continue }
            if lexicon.entries[Int(choice)].kind == .usState,
                let city = bigCity(sharingNameWith: choice, in: candidate),
                !(text.word(after: candidate.end)?.folded.elementsEqual(Self.state) ?? false)
            {
                // "Washington" and "New York" alone are mostly the cities; "Washington state" is the state.
                choice = city
            }
            let entry = lexicon.entries[Int(choice)]
            var mention = ResolvedMention(start: candidate.start, end: candidate.end, entry: entry)
            mention.isInstitution = candidate.isInstitution
            mention.isModifier = candidate.isInstitution
            if entry.kind == .country && entry.isAcronym, let next = text.word(after: candidate.end),
                !next.isCapitalised, !lexicon.functionWords.contains(next.folded)
            {
                mention.isModifier = true
            }
            out.append(mention)
        }
        return out
    }

    static let state: [UInt32] = Array("state".unicodeScalars.map(\.value))
    /// Cities of at least this population win over a US state of the same name.
    static let bigCityPopulation = 500_000

    /// A city of the same country as state `id`, among the candidate's senses, large enough to be meant first.
    func bigCity(sharingNameWith id: Int32, in candidate: Candidate) -> Int32? {
        let state = lexicon.entries[Int(id)]
        return candidate.entries.first {
            let entry = lexicon.entries[Int($0)]
            return entry.kind == .city && entry.country == state.country && entry.population >= Self.bigCityPopulation
        }
    }

    /// The sense with the best prior plus context score.
    func best(of ids: [Int32], _ countryEvidence: CountryEvidence, _ stateEvidence: [String: Double]) -> Int32? {
        if ids.count <= 1 { return ids.first }
        var bestID: Int32?
        var bestScore = -Double.infinity
        for id in ids {
            let entry = lexicon.entries[Int(id)]
            var score = Self.prior(entry)
            score += log(1 + (countryEvidence[entry.country] ?? 0))
            // A town in a state or province named in the text ("London" with "Ontario").
            if entry.kind == .city && !entry.admin1.isEmpty
                && (stateEvidence[entry.country + "-" + entry.admin1] ?? 0) > 0
            {
                score += 3
            }
            if score > bestScore {
                bestScore = score
                bestID = id
            }
        }
        return bestID
    }

    /// How likely a sense is before context: countries first, then states and regions, then cities by size.
    static func prior(_ entry: GeoEntry) -> Double {
        switch entry.kind {
        case .country: return 5
        case .usState: return 4
        case .region: return 4
        case .county: return 3.5
        case .subdivision: return 3
        case .abbreviation: return 3
        case .demonym: return 4
        case .city: return log10(Double(max(entry.population, 1000))) / 2
        case .notPlace: return 0
        }
    }
}

/// How often each country is named, as one name sees it: the document's tally, less that name's own mentions for
/// one country. Reads give what a copy of the tally with that one entry decremented would give
/// (`copy[country, default: 0] -= own`), without copying the dictionary for every name.
struct CountryEvidence {
    let tally: [String: Double]
    private var adjusted: (country: String, own: Double)?

    init(_ tally: [String: Double]) {
        self.tally = tally
    }

    /// Takes `own` off `country`; one adjustment per name (a second one is a programmer error).
    mutating func subtract(_ own: Double, from country: String) {
        precondition(adjusted == nil, "one adjustment per name")
        adjusted = (country, own)
    }

    subscript(country: String) -> Double? {
        if let adjusted, adjusted.country == country { return (tally[country] ?? 0) - adjusted.own }
        return tally[country]
    }
}
