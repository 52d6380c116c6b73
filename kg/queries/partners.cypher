// Organizations that contract with the organization named $want (either direction), or share an agreement.
MATCH (org:Organization)
WHERE org.iri = $wantIri OR toLower(org.name) = toLower($want)
  OR any(a IN coalesce(org.aliases, []) WHERE toLower(a) = toLower($want))
CALL (org) {
  MATCH (org)-[r:CONTRACTS_WITH]-(partner:Organization)
  RETURN partner, null AS agreement, r.confidence AS confidence
  UNION
  MATCH (org)<-[:PARTY]-(agreement:Agreement)-[:PARTY]->(partner:Organization)
  WHERE partner <> org
  RETURN partner, agreement, agreement.confidence AS confidence
}
RETURN DISTINCT org.iri AS org, org.name AS orgName, partner.iri AS partner, partner.name AS partnerName,
  agreement.iri AS agreement, agreement.agreementType AS type, agreement.announced AS announced, confidence
