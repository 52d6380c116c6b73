// The fact relationships (either direction) of the entity $node: one hop of `network`.
MATCH (n {iri: $node})-[r:CONTRACTS_WITH|ACQUIRES|OPERATES|LOCATED_IN|HEADQUARTERED_IN|DEVELOPS]-()
WITH startNode(r) AS s, type(r) AS relation, endNode(r) AS o, r.confidence AS confidence
RETURN DISTINCT s.iri AS s, s.name AS sName, labels(s)[0] AS sClass, relation, o.iri AS o, o.name AS oName,
  labels(o)[0] AS oClass, confidence
