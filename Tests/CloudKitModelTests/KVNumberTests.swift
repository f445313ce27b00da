import CloudKitModel
import Testing

@Suite("KVNumber: exact decimals with DynamoDB's limits")
struct KVNumberTests {
    @Test("38 significant digits round-trip exactly")
    func thirtyEightDigitsRoundTrip() throws {
        for text in ["12345678901234567890123456789012345678", "-1.2345678901234567890123456789012345678",
                     "0.00000000000000000000000000000000000012345678901234567890123456789012345678"] {
            #expect(try KVNumber(text).text == text)
        }
    }

    @Test("equal values written differently have one canonical text")
    func canonicalText() throws {
        #expect(try KVNumber("1.50").text == "1.5")
        #expect(try KVNumber("15e-1").text == "1.5")
        #expect(try KVNumber("1E+2").text == "100")
        #expect(try KVNumber("-0").text == "0")
        #expect(try KVNumber("+7").text == "7")
        #expect(try KVNumber("0.000").text == "0")
        #expect(try KVNumber("1.50") == KVNumber("1.5"))
    }

    @Test("more than 38 digits, out-of-range magnitudes and non-numbers are refused")
    func limits() {
        #expect(throws: CloudError.self) { try KVNumber("123456789012345678901234567890123456789") }
        #expect(throws: CloudError.self) { try KVNumber("1e126") }
        #expect(throws: CloudError.self) { try KVNumber("1e-131") }
        for bad in ["", "-", "1.2.3", "abc", "1e", "0x10", "NaN", "Infinity", "1 "] {
            #expect(throws: CloudError.self) { try KVNumber(bad) }
        }
        #expect(throws: Never.self) { try KVNumber("9.9999999999999999999999999999999999999e125") }
        #expect(throws: Never.self) { try KVNumber("1e-130") }
    }

    @Test("numbers order by value, and orderedBytes order the same way")
    func ordering() throws {
        let texts = ["-1000", "-12.5", "-12", "-0.123", "-0.12", "0", "1e-130", "0.12", "0.123", "1", "9", "10", "12.5", "1e125"]
        let numbers = try texts.map { try KVNumber($0) }
        for (lower, higher) in zip(numbers, numbers.dropFirst()) {
            #expect(lower < higher, "\(lower) < \(higher)")
            #expect(lower.orderedBytes.lexicographicallyPrecedes(higher.orderedBytes), "bytes of \(lower) < \(higher)")
        }
    }

    @Test("addition is exact, across signs and scales")
    func addition() throws {
        #expect(try (KVNumber("12345678901234567890123456789012345677") + KVNumber("1")).text == "12345678901234567890123456789012345678")
        #expect(try (KVNumber("0.1") + KVNumber("0.2")).text == "0.3")
        #expect(try (KVNumber("5") + KVNumber("-7.25")).text == "-2.25")
        #expect(try (KVNumber("-5") + KVNumber("5")).text == "0")
        #expect(try (KVNumber("1e20") + KVNumber("-1")).text == "99999999999999999999")
        #expect(throws: CloudError.self) { try KVNumber("99999999999999999999999999999999999999") + KVNumber("0.1") }
    }
}
