import Foundation
import Testing

@testable import BriefsDomain

/// Fixture folders under `Fixtures/geo/`: `input.txt` (first line the title, then the body) and `expected.json`
/// with the country codes in order, the focus codes, the places and the `LOC` span texts.
@Suite struct GeoFixtureTests {
    struct Expected: Decodable {
        struct Place: Decodable, Equatable {
            var name: String
            var kind: String
            var country: String?
            var mentionCount: Int

            enum CodingKeys: String, CodingKey {
                case name, kind, country
                case mentionCount = "mention_count"
            }
        }
        var countries: [String]
        var focus: [String]
        var places: [Place]
        var locations: [String]
    }

    static let folder = GeoTestSupport.packageRoot.appendingPathComponent("Tests/BriefsDomainTests/Fixtures/geo")

    static var names: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { !$0.hasPrefix(".") }
            .sorted()
    }

    @Test(arguments: names)
    func fixture(name: String) throws {
        let directory = Self.folder.appendingPathComponent(name)
        let input = try String(contentsOf: directory.appendingPathComponent("input.txt"), encoding: .utf8)
        let expected = try JSONDecoder().decode(
            Expected.self, from: Data(contentsOf: directory.appendingPathComponent("expected.json")))
        let lines = input.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)
        let title = String(lines[0])
        let body = lines.count > 1 ? String(lines[1]) : ""
        let result = try GeoTestSupport.tag(body, title: title)
        #expect(result.countries.map(\.code) == expected.countries)
        #expect(result.countries.filter(\.focus).map(\.code) == expected.focus)
        let places = result.places.map {
            Expected.Place(name: $0.name, kind: $0.kind, country: $0.country, mentionCount: $0.mentionCount)
        }
        #expect(places == expected.places)
        #expect(result.locations.map(\.text) == expected.locations)
    }
}
