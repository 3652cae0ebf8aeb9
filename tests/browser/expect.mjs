// What the region map should show, computed from data.json alone (never from
// the page), so the browser tests compare the page against the open data.

// Lower case without accents: "Coöperatie" and "cooperatie" are the same.
export function fold(text) {
  return String(text ?? "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
}

export function terms(q) {
  return fold(q).split(/\s+/).filter(Boolean);
}

export class Region {
  constructor(data) {
    this.data = data;
    this.id = data.region.id;
    this.provisions = data.provisions;
    this.ids = data.provisions.map((p) => p.id);
    this.stages = data.model.stages;
    this.lanes = data.model.lanes.map((l) => l.id);
    this.costs = data.model.costs.map((c) => c.id);
    this.routes = data.routes;
  }

  // Every position of a stage: its periods, or the stage itself when it has none.
  stagePositions(stageId) {
    const stage = this.stages.find((s) => s.id === stageId);
    if (!stage) throw new Error(`unknown stage ${stageId}`);
    const positions = new Set([stage.id]);
    for (const p of stage.periods) positions.add(p.position);
    return positions;
  }

  // What the search looks in: the provision's own text, its provider's name
  // and the titles of the routes it is a step of.
  searchFields(p) {
    const routes = this.routes.filter((r) => r.steps.some((s) => s.provision === p.id)).map((r) => r.title);
    return [p.title, p.summary, ...(p.keywords || []), p.audience, p.provider ? p.provider.name : null, ...routes]
      .filter((f) => f != null)
      .map(fold);
  }

  // state: {lane:[], cost:[], stage:[], route:[], q:""}. Any-of within a
  // filter, all filters together; every search term must match some field.
  visible(state) {
    const s = { lane: [], cost: [], stage: [], route: [], q: "", ...state };
    const stagePos = new Set(s.stage.flatMap((id) => [...this.stagePositions(id)]));
    let routeSteps = null;
    if (s.route.length) {
      const route = this.routes.find((r) => r.id === s.route[0]);
      if (!route) throw new Error(`unknown route ${s.route[0]}`);
      routeSteps = new Set(route.steps.map((st) => st.provision));
    }
    const want = terms(s.q);
    return this.provisions
      .filter((p) => !s.lane.length || s.lane.includes(p.lane))
      .filter((p) => !s.cost.length || p.costs.some((c) => s.cost.includes(c)))
      .filter((p) => !s.stage.length || p.periods.some((pos) => stagePos.has(pos)))
      .filter((p) => !routeSteps || routeSteps.has(p.id))
      .filter((p) => {
        const fields = this.searchFields(p);
        return want.every((t) => fields.some((f) => f.includes(t)));
      })
      .map((p) => p.id)
      .sort();
  }

  questionsOf(stageId) {
    return this.data.questions[stageId] || [];
  }
}

// "missing [a, b]; unexpected [c]" for two sorted id lists.
export function diff(got, want) {
  const g = new Set(got), w = new Set(want);
  const missing = want.filter((x) => !g.has(x));
  const extra = got.filter((x) => !w.has(x));
  const parts = [];
  if (missing.length) parts.push(`missing [${missing.join(", ")}]`);
  if (extra.length) parts.push(`unexpected [${extra.join(", ")}]`);
  return parts.join("; ") || "same";
}
