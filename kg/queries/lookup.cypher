// Entities (organizations, sites, products) named $want: their resolved IRI, or a name or alias equal to it
// case-insensitively.
MATCH (n)
WHERE (n:Organization OR n:Site OR n:Product)
  AND (n.iri IN [$wantIri, $wantSite, $wantProduct] OR toLower(n.name) = toLower($want)
    OR any(a IN coalesce(n.aliases, []) WHERE toLower(a) = toLower($want)))
RETURN n.iri AS iri, n.name AS name, [l IN labels(n) WHERE l IN ['Organization', 'Site', 'Product']][0] AS class
