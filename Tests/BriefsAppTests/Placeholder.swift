import Testing
@testable import BriefsApp

@Test func BriefsAppPlaceholder() { #expect(Bool(true)) }
