// Agreements, optionally filtered by type, stage, announcement date range and a party's headquarters country.
MATCH (agreement:Agreement)
WHERE ($wantType IS NULL OR toLower(agreement.agreementType) = toLower($wantType))
  AND ($wantStage IS NULL OR any(s IN coalesce(agreement.stages, []) WHERE toLower(s) = toLower($wantStage)))
  AND ($since IS NULL OR agreement.announced >= $since)
  AND ($until IS NULL OR agreement.announced <= $until)
  AND ($country IS NULL OR EXISTS {
    MATCH (agreement)-[:PARTY]->(:Organization)-[:HEADQUARTERED_IN]->(place:Place)
    WHERE toUpper(place.countryCode) = toUpper($country) })
OPTIONAL MATCH (agreement)-[party:PARTY]->(partyNode)
OPTIONAL MATCH (agreement)-[:CONCERNS]->(product:Product)
RETURN DISTINCT agreement.iri AS agreement, agreement.name AS name, agreement.agreementType AS type,
  agreement.service AS service, agreement.stages AS stage, agreement.announced AS announced,
  agreement.endYear AS endYear, party.role AS role, partyNode.iri AS party, partyNode.name AS partyName,
  product.iri AS product, product.name AS productName, agreement.confidence AS confidence
