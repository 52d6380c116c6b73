// Dated events of the organization named $want: its agreements (announcement date, else the announcement's
// publication date) and the years its sites start operations.
MATCH (org:Organization)
WHERE org.iri = $wantIri OR toLower(org.name) = toLower($want)
  OR any(a IN coalesce(org.aliases, []) WHERE toLower(a) = toLower($want))
CALL (org) {
  MATCH (org)<-[:PARTY]-(item:Agreement)
  OPTIONAL MATCH (item)-[:DERIVED_FROM]->(source:Announcement)
  OPTIONAL MATCH (item)-[:PARTY]->(other)
  WHERE other <> org
  RETURN coalesce(item.announced, source.published) AS date, 'agreement' AS event, item, other, source,
    item.confidence AS confidence
  UNION
  MATCH (org)-[r:OPERATES]->(item:Site)
  WHERE item.startsOperations IS NOT NULL
  RETURN toString(item.startsOperations) AS date, 'site-opening' AS event, item, null AS other, null AS source,
    r.confidence AS confidence
}
RETURN DISTINCT org.iri AS org, org.name AS orgName, date, event, item.iri AS item, item.name AS itemName,
  other.iri AS other, other.name AS otherName, source.iri AS source, source.title AS title, confidence
