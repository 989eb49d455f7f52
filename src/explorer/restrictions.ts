/** A restriction on deliveries in words: what it interrupts and for how long (DOMAIN.md, Logistics). */
import type { RestrictionFieldsFragment } from './generated.ts';
import { formatDate, t } from './i18n.ts';

export type Restriction = RestrictionFieldsFragment;

/** What a restriction's words need: a request's target carries no more than this. */
type Described = Pick<Restriction, 'direction' | 'from' | 'until'> & {
  region: { name: string; parent?: { name: string } | null } | null;
  supply: { supplier: { name: string }; customer: { name: string }; component: { name: string } } | null;
};

export function restrictionScope(r: Described): string {
  if (r.supply) return t('restrictionEdge', { supplier: r.supply.supplier.name, customer: r.supply.customer.name, component: r.supply.component.name });
  const region = r.region ? `${r.region.parent?.name ?? ''}${r.region.name}` : '';
  return t(r.direction === 'INBOUND' ? 'restrictionInbound' : r.direction === 'OUTBOUND' ? 'restrictionOutbound' : 'restrictionBoth', { region });
}

export function restrictionPeriod(r: Described): string {
  return r.until ? t('restrictionPeriod', { from: formatDate(r.from), until: formatDate(r.until) }) : t('restrictionOpenEnded', { from: formatDate(r.from) });
}

/** The provinces (GB/T 2260 codes) a restriction concerns: its region's, or its edge's supplier's and customer's. */
export function provincesOf(r: Restriction): string[] {
  const codes = r.supply ? [r.supply.supplier.region.code, r.supply.customer.region.code] : r.region ? [r.region.code] : [];
  return [...new Set(codes.map((code) => `${code.slice(0, 2)}0000`))];
}
