// Organizations that contract with the organization named $want (either direction), or share an agreement.
MATCH (org:Organization)
WHERE org.iri = $wantIri OR toLower(org.name) = toLower($want)
  OR any(a IN coalesce(org.aliases, []) WHERE toLower(a) = toLower($want))
CALL (org) {
  MATCH (org)-[:CONTRACTS_WITH]-(partner:Organization)
  RETURN partner, null AS agreement
  UNION
  MATCH (org)<-[:PARTY]-(agreement:Agreement)-[:PARTY]->(partner:Organization)
  WHERE partner <> org
  RETURN partner, agreement
}
RETURN DISTINCT org.iri AS org, org.name AS orgName, partner.iri AS partner, partner.name AS partnerName,
  agreement.iri AS agreement, agreement.agreementType AS type, agreement.announced AS announced
