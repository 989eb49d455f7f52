/**
 * A read of the supply graph in one statement, shaped from the selection:
 * the plan (which of the graph's links the client selected under a root
 * field, at any depth), the Cypher that fetches exactly them as nested maps,
 * and the records it returned, indexed as the request's known records so
 * every level below the root resolves without a further round trip. Used
 * where no read model current for the request holds the graph. Pure: the
 * caller runs the statement.
 */
import {
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  getArgumentValues,
  getDirectiveValues,
  isObjectType,
  Kind,
  type FieldNode,
  type GraphQLResolveInfo,
  type SelectionNode,
  type SelectionSetNode,
} from 'graphql';
import neo4j from 'neo4j-driver';
import type { ComponentRecord, EnterpriseRecord, MakeRecord, NeedRecord, SupplyRecord } from '../enterprises/mappers.ts';
import type { AgencyRecord, RegionRecord } from '../regions/mappers.ts';
import type { RecordSource } from './loaders.ts';
import { decodeCursor, pageSize } from './pagination.ts';

/** The links between the supply graph's types that a plan follows; any other field resolves as it always does. */
const LINKS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  Enterprise: { region: 'Region', suppliers: 'Supply', customers: 'Supply', needs: 'Need', makes: 'Make' },
  Supply: { supplier: 'Enterprise', customer: 'Enterprise', component: 'Component' },
  Need: { enterprise: 'Enterprise', component: 'Component' },
  Make: { enterprise: 'Enterprise', component: 'Component' },
  Component: { makers: 'Make', buyers: 'Need' },
  Region: { parent: 'Region', children: 'Region', agencies: 'Agency', governingAgency: 'Agency' },
  Agency: { region: 'Region' },
};

/** A page of a region's enterprises, as `Region.enterprises(first, after)` asks for it. */
export interface PagePlan {
  after: string | null;
  /** The page size plus one: the extra row tells that more exist. */
  limit: number;
  node: Plan;
  count: boolean;
}

/** What to fetch below one record: the links selected, each with its own plan; for a region, its enterprise pages. */
export interface Plan {
  links: Map<string, Plan>;
  pages: PagePlan[];
}

const emptyPlan = (): Plan => ({ links: new Map(), pages: [] });

function included(selection: SelectionNode, variables: Record<string, unknown>): boolean {
  if (getDirectiveValues(GraphQLSkipDirective, selection, variables)?.if === true) return false;
  return getDirectiveValues(GraphQLIncludeDirective, selection, variables)?.if !== false;
}

/** The fields selected on `typeName` under `nodes`, through fragments, honouring @skip and @include. */
function subfields(info: GraphQLResolveInfo, typeName: string, sets: readonly (SelectionSetNode | undefined)[]): FieldNode[] {
  const out: FieldNode[] = [];
  const visit = (set: SelectionSetNode | undefined) => {
    for (const selection of set?.selections ?? []) {
      if (!included(selection, info.variableValues)) continue;
      if (selection.kind === Kind.FIELD) out.push(selection);
      else if (selection.kind === Kind.INLINE_FRAGMENT) {
        if (!selection.typeCondition || selection.typeCondition.name.value === typeName) visit(selection.selectionSet);
      } else {
        const fragment = info.fragments[selection.name.value];
        if (fragment && fragment.typeCondition.name.value === typeName) visit(fragment.selectionSet);
      }
    }
  };
  for (const set of sets) visit(set);
  return out;
}

function planInto(info: GraphQLResolveInfo, typeName: string, sets: readonly (SelectionSetNode | undefined)[], plan: Plan): Plan {
  const links = LINKS[typeName] ?? {};
  for (const field of subfields(info, typeName, sets)) {
    const name = field.name.value;
    const target = links[name];
    if (target) {
      let sub = plan.links.get(name);
      if (!sub) plan.links.set(name, (sub = emptyPlan()));
      planInto(info, target, [field.selectionSet], sub);
    } else if (typeName === 'Region' && name === 'enterprises') {
      const page = pagePlan(info, field);
      if (page) {
        const same = plan.pages.find((p) => p.after === page.after && p.limit === page.limit);
        if (same) {
          same.count ||= page.count;
          planInto(info, 'Enterprise', nodeSelections(info, field), same.node);
        } else plan.pages.push(page);
      }
    }
  }
  return plan;
}

/** The selections on the enterprises of a connection: its `nodes` and its edges' `node`. */
function nodeSelections(info: GraphQLResolveInfo, connection: FieldNode): (SelectionSetNode | undefined)[] {
  const fields = subfields(info, 'EnterpriseConnection', [connection.selectionSet]);
  const edges = subfields(
    info,
    'EnterpriseEdge',
    fields.filter((f) => f.name.value === 'edges').map((f) => f.selectionSet),
  );
  return [...fields.filter((f) => f.name.value === 'nodes'), ...edges.filter((f) => f.name.value === 'node')].map((f) => f.selectionSet);
}

/** A page the arguments describe; none when they are invalid (the resolver then names the argument). */
function pagePlan(info: GraphQLResolveInfo, field: FieldNode): PagePlan | null {
  const region = info.schema.getType('Region');
  const definition = isObjectType(region) ? region.getFields().enterprises : undefined;
  if (!definition) return null;
  try {
    const args = getArgumentValues(definition, field, info.variableValues) as { first?: number | null; after?: string | null };
    const limit = pageSize(args.first) + 1;
    const after = decodeCursor(args.after);
    const count = subfields(info, 'EnterpriseConnection', [field.selectionSet]).some((f) => f.name.value === 'totalCount');
    return { after, limit, count, node: planInto(info, 'Enterprise', nodeSelections(info, field), emptyPlan()) };
  } catch {
    return null;
  }
}

/** The plan below a root field returning `typeName` (or a list or connection of it). */
export function planOf(info: GraphQLResolveInfo, typeName: string): Plan {
  const sets = info.fieldNodes.map((f) => f.selectionSet);
  if (typeName === 'EnterpriseConnection') return planInto(info, 'Enterprise', info.fieldNodes.flatMap((f) => nodeSelections(info, f)), emptyPlan());
  return planInto(info, typeName, sets, emptyPlan());
}

/** Whether a connection's total is selected under the root field. */
export function countSelected(info: GraphQLResolveInfo): boolean {
  return subfields(info, 'EnterpriseConnection', info.fieldNodes.map((f) => f.selectionSet)).some((f) => f.name.value === 'totalCount');
}

/** Builds one statement's projections, naming each variable and parameter once. */
export class ShapedCypher {
  readonly params: Record<string, unknown> = {};
  private names = 0;

  private fresh(prefix: string): string {
    return `${prefix}${this.names++}`;
  }

  param(value: unknown): string {
    const name = this.fresh('g');
    this.params[name] = value;
    return `$${name}`;
  }

  enterprise(v: string, plan: Plan): string {
    const parts = [
      `.id, .name, .status, industry: ${v}.industry, note: ${v}.note, workforce: coalesce(${v}.workforce, 0)`,
      `epidemicCritical: coalesce(${v}.epidemicCritical, false), expectedResumeDate: toString(${v}.expectedResumeDate)`,
      `regionCode: head([(${v})-[:LOCATED_IN]->(x:Region) | x.code])`,
    ];
    for (const [link, sub] of plan.links) {
      if (link === 'region') {
        const r = this.fresh('r');
        parts.push(`__region: head(COLLECT { MATCH (${v})-[:LOCATED_IN]->(${r}:Region) RETURN ${this.region(r, sub)} })`);
      } else if (link === 'suppliers' || link === 'customers') {
        const s = this.fresh('s');
        const x = this.fresh('x');
        const [supplier, customer] = link === 'suppliers' ? [s, v] : [v, s];
        const pattern = link === 'suppliers' ? `(${s}:Enterprise)-[${x}:SUPPLIES]->(${v})` : `(${v})-[${x}:SUPPLIES]->(${s}:Enterprise)`;
        parts.push(`__${link}: COLLECT { MATCH ${pattern} WITH ${s}, ${x} ORDER BY ${s}.id, ${x}.component RETURN ${this.supply(supplier, customer, x, sub)} }`);
      } else if (link === 'needs' || link === 'makes') {
        const c = this.fresh('c');
        const x = this.fresh('x');
        parts.push(`__${link}: COLLECT { MATCH (${v})-[${x}:${link === 'needs' ? 'NEEDS' : 'MAKES'}]->(${c}:Component) WITH ${c}, ${x} ORDER BY ${c}.id RETURN ${this.edge(link, v, c, x, sub)} }`);
      }
    }
    return `${v} {${parts.join(', ')}}`;
  }

  private supply(supplier: string, customer: string, x: string, plan: Plan): string {
    const parts = [`supplierId: ${supplier}.id, customerId: ${customer}.id, componentId: ${x}.component, share: ${x}.share`];
    const supplierPlan = plan.links.get('supplier');
    const customerPlan = plan.links.get('customer');
    const componentPlan = plan.links.get('component');
    if (supplierPlan) parts.push(`__supplier: ${this.enterprise(supplier, supplierPlan)}`);
    if (customerPlan) parts.push(`__customer: ${this.enterprise(customer, customerPlan)}`);
    if (componentPlan) {
      const c = this.fresh('c');
      parts.push(`__component: head(COLLECT { MATCH (${c}:Component {id: ${x}.component}) RETURN ${this.component(c, componentPlan)} })`);
    }
    return `{${parts.join(', ')}}`;
  }

  private edge(kind: 'needs' | 'makes', e: string, c: string, x: string, plan: Plan): string {
    const parts = [`enterpriseId: ${e}.id, componentId: ${c}.id, ${kind === 'needs' ? `stockDays: ${x}.stockDays` : `capacityPerDay: ${x}.capacityPerDay`}`];
    const enterprisePlan = plan.links.get('enterprise');
    const componentPlan = plan.links.get('component');
    if (enterprisePlan) parts.push(`__enterprise: ${this.enterprise(e, enterprisePlan)}`);
    if (componentPlan) parts.push(`__component: ${this.component(c, componentPlan)}`);
    return `{${parts.join(', ')}}`;
  }

  component(c: string, plan: Plan): string {
    const parts = [`.id, .name, category: ${c}.category`];
    for (const [link, sub] of plan.links) {
      const e = this.fresh('e');
      const x = this.fresh('x');
      const kind = link === 'makers' ? 'makes' : 'needs';
      parts.push(
        `__${link}: COLLECT { MATCH (${e}:Enterprise)-[${x}:${kind === 'makes' ? 'MAKES' : 'NEEDS'}]->(${c}) WITH ${e}, ${x} ORDER BY ${e}.id RETURN ${this.edge(kind, e, c, x, sub)} }`,
      );
    }
    return `${c} {${parts.join(', ')}}`;
  }

  region(r: string, plan: Plan): string {
    const parts = [`.code, .name, .level, parentCode: head([(${r})-[:PART_OF]->(x:Region) | x.code])`];
    for (const [link, sub] of plan.links) {
      const q = this.fresh('r');
      const a = this.fresh('a');
      if (link === 'parent') parts.push(`__parent: head(COLLECT { MATCH (${r})-[:PART_OF]->(${q}:Region) RETURN ${this.region(q, sub)} })`);
      else if (link === 'children') parts.push(`__children: COLLECT { MATCH (${q}:Region)-[:PART_OF]->(${r}) WITH ${q} ORDER BY ${q}.code RETURN ${this.region(q, sub)} }`);
      else if (link === 'agencies') parts.push(`__agencies: COLLECT { MATCH (${a}:Agency)-[:GOVERNS]->(${r}) WITH ${a} ORDER BY ${a}.id RETURN ${this.agency(a, r, sub)} }`);
      else if (link === 'governingAgency') {
        const path = this.fresh('p');
        parts.push(
          `__governingAgency: {agency: head(COLLECT { MATCH ${path} = (${r})-[:PART_OF*0..2]->(${q}:Region)<-[:GOVERNS]-(${a}:Agency) WITH ${q}, ${a} ORDER BY length(${path}), ${a}.id LIMIT 1 RETURN ${this.agency(a, q, sub)} })}`,
        );
      }
    }
    plan.pages.forEach((page, i) => {
      const e = this.fresh('e');
      const within = `(${r})<-[:PART_OF*0..2]-(:Region)<-[:LOCATED_IN]-(${e}:Enterprise)`;
      const after = page.after === null ? null : this.param(page.after);
      const limit = this.param(neo4j.int(page.limit));
      const rows = `COLLECT { MATCH ${within} ${after === null ? '' : `WHERE ${e}.id > ${after}`} WITH DISTINCT ${e} ORDER BY ${e}.id LIMIT ${limit} RETURN ${this.enterprise(e, page.node)} }`;
      parts.push(`__page${i}: {after: ${after ?? 'null'}, limit: ${limit}, rows: ${rows}}`);
      if (page.count) {
        const f = this.fresh('e');
        parts.push(`__count${i}: COUNT { MATCH (${r})<-[:PART_OF*0..2]-(:Region)<-[:LOCATED_IN]-(${f}:Enterprise) RETURN DISTINCT ${f} }`);
      }
    });
    return `${r} {${parts.join(', ')}}`;
  }

  private agency(a: string, r: string, plan: Plan): string {
    const regionPlan = plan.links.get('region');
    return `${a} {.id, .name, regionCode: ${r}.code${regionPlan ? `, __region: ${this.region(r, regionPlan)}` : ''}}`;
  }
}

/** The key of a region's page among the request's known records. */
export function pageKey(regionCode: string, after: string | null, limit: number): string {
  return `${regionCode}|${after ?? ''}|${limit}`;
}

type Row = Record<string, unknown>;

/** The records a shaped statement returned, by kind and key: the request's known records from then on. */
export class FetchedGraph {
  private readonly enterprises = new Map<string, EnterpriseRecord>();
  private readonly components = new Map<string, ComponentRecord>();
  private readonly regions = new Map<string, RegionRecord>();
  private readonly agencies = new Map<string, AgencyRecord>();
  private readonly lists = new Map<string, Map<string, unknown>>();

  /** Records of the kinds the loaders know, for KnownRecords. */
  get source(): RecordSource {
    const list =
      <T>(kind: string) =>
      (key: string) =>
        this.lists.get(kind)?.get(key) as T | undefined;
    return {
      enterprise: (id) => this.enterprises.get(id),
      component: (id) => this.components.get(id),
      region: (code) => this.regions.get(code),
      agency: (id) => this.agencies.get(id),
      suppliesInto: list<SupplyRecord[]>('suppliesInto'),
      suppliesFrom: list<SupplyRecord[]>('suppliesFrom'),
      needsOfEnterprise: list<NeedRecord[]>('needsOfEnterprise'),
      needsOfComponent: list<NeedRecord[]>('needsOfComponent'),
      makesOfEnterprise: list<MakeRecord[]>('makesOfEnterprise'),
      makesOfComponent: list<MakeRecord[]>('makesOfComponent'),
      regionChildren: list<RegionRecord[]>('regionChildren'),
      regionAgencies: list<AgencyRecord[]>('regionAgencies'),
      governingAgency: list<{ agency: AgencyRecord | null }>('governingAgency'),
      enterprisePage: list<EnterpriseRecord[]>('enterprisePage'),
      enterpriseCount: list<{ count: number }>('enterpriseCount'),
    };
  }

  private keep(kind: string, key: string, value: unknown): void {
    let map = this.lists.get(kind);
    if (!map) this.lists.set(kind, (map = new Map()));
    map.set(key, value);
  }

  /** Splits a fetched map into its record and its nested parts (keys starting `__`). */
  private split(row: Row): { record: Row; nested: Row } {
    const record: Row = {};
    const nested: Row = {};
    for (const [key, value] of Object.entries(row)) {
      if (key.startsWith('__')) nested[key.slice(2)] = value;
      else record[key] = value;
    }
    return { record, nested };
  }

  enterprise(row: Row): EnterpriseRecord {
    const { record, nested } = this.split(row);
    const e = record as unknown as EnterpriseRecord;
    if (!this.enterprises.has(e.id)) this.enterprises.set(e.id, e);
    if (nested.region) this.region(nested.region as Row);
    if (nested.suppliers) this.keep('suppliesInto', e.id, (nested.suppliers as Row[]).map((s) => this.supply(s)));
    if (nested.customers) this.keep('suppliesFrom', e.id, (nested.customers as Row[]).map((s) => this.supply(s)));
    if (nested.needs) this.keep('needsOfEnterprise', e.id, (nested.needs as Row[]).map((n) => this.edge(n)));
    if (nested.makes) this.keep('makesOfEnterprise', e.id, (nested.makes as Row[]).map((m) => this.edge(m)));
    return this.enterprises.get(e.id)!;
  }

  private supply(row: Row): SupplyRecord {
    const { record, nested } = this.split(row);
    if (nested.supplier) this.enterprise(nested.supplier as Row);
    if (nested.customer) this.enterprise(nested.customer as Row);
    if (nested.component) this.component(nested.component as Row);
    return record as unknown as SupplyRecord;
  }

  private edge<T>(row: Row): T {
    const { record, nested } = this.split(row);
    if (nested.enterprise) this.enterprise(nested.enterprise as Row);
    if (nested.component) this.component(nested.component as Row);
    return record as T;
  }

  component(row: Row): ComponentRecord {
    const { record, nested } = this.split(row);
    const c = record as unknown as ComponentRecord;
    if (!this.components.has(c.id)) this.components.set(c.id, c);
    if (nested.makers) this.keep('makesOfComponent', c.id, (nested.makers as Row[]).map((m) => this.edge(m)));
    if (nested.buyers) this.keep('needsOfComponent', c.id, (nested.buyers as Row[]).map((n) => this.edge(n)));
    return this.components.get(c.id)!;
  }

  region(row: Row): RegionRecord {
    const { record, nested } = this.split(row);
    const r = record as unknown as RegionRecord;
    if (!this.regions.has(r.code)) this.regions.set(r.code, r);
    if (nested.parent) this.region(nested.parent as Row);
    if (nested.children) this.keep('regionChildren', r.code, (nested.children as Row[]).map((k) => this.region(k)));
    if (nested.agencies) this.keep('regionAgencies', r.code, (nested.agencies as Row[]).map((a) => this.agency(a)));
    if (nested.governingAgency) {
      const found = (nested.governingAgency as { agency: Row | null }).agency;
      this.keep('governingAgency', r.code, { agency: found ? this.agency(found) : null });
    }
    for (const [key, value] of Object.entries(nested)) {
      if (/^page\d+$/.test(key)) {
        const { after, limit, rows } = value as { after: string | null; limit: number; rows: Row[] };
        this.keep('enterprisePage', pageKey(r.code, after, limit), rows.map((e) => this.enterprise(e)));
      } else if (/^count\d+$/.test(key)) this.keep('enterpriseCount', r.code, { count: value as number });
    }
    return this.regions.get(r.code)!;
  }

  private agency(row: Row): AgencyRecord {
    const { record, nested } = this.split(row);
    const a = record as unknown as AgencyRecord;
    if (!this.agencies.has(a.id)) this.agencies.set(a.id, a);
    if (nested.region) this.region(nested.region as Row);
    return this.agencies.get(a.id)!;
  }
}
