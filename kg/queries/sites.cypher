// Sites operated by the organization named $want, with city, country and the year operations start.
MATCH (org:Organization)
WHERE org.iri = $wantIri OR toLower(org.name) = toLower($want)
  OR any(a IN coalesce(org.aliases, []) WHERE toLower(a) = toLower($want))
MATCH (org)-[r:OPERATES]->(site:Site)
OPTIONAL MATCH (site)-[:LOCATED_IN]->(place:Place)
RETURN DISTINCT org.iri AS org, org.name AS orgName, site.iri AS site, site.name AS siteName, site.city AS city,
  place.countryCode AS country, site.startsOperations AS starts, r.confidence AS confidence
