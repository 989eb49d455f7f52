/**
 * A region: pick it from the tree or from a schematic tile grid of the
 * provinces (one SVG tile per province, keyed by its GB/T 2260 code, placed
 * roughly where it lies; no map boundaries), shaded by the workforce idled
 * there, with arrows for the cross-province blocking flows (from the
 * province of the root causes to that of the plants they hold), mirrored as
 * a list; below, the region's not-ready plants, by priority, each openable.
 */
import { useEffect, useState } from 'preact/hooks';
import { query } from './api.ts';
import { save, toCsv } from './download.ts';
import { BlockingFlowsDocument, ProvincesDocument, RegionBlockedDocument, RegionDocument, RestrictionsDocument, type BlockingFlowsQuery, type RegionBlockedQuery, type RegionQuery, type RestartPlanQuery } from './generated.ts';
import { RestartPlanPanel, RestrictionsPanel, TimelinePanel } from './Planning.tsx';
import { provincesOf } from './restrictions.ts';
import { formatDate, formatNumber, locale, t } from './i18n.ts';

/** [column, row] of each province's tile: a schematic grid, not a map. */
const TILES: Record<string, [number, number]> = {
  '230000': [8, 0],
  '650000': [1, 1], '150000': [5, 1], '220000': [8, 1],
  '620000': [3, 2], '640000': [4, 2], '140000': [5, 2], '110000': [6, 2], '210000': [8, 2],
  '540000': [1, 3], '630000': [2, 3], '610000': [4, 3], '130000': [5, 3], '120000': [6, 3], '370000': [7, 3],
  '510000': [3, 4], '500000': [4, 4], '410000': [5, 4], '320000': [6, 4], '310000': [7, 4],
  '530000': [3, 5], '520000': [4, 5], '420000': [5, 5], '340000': [6, 5], '330000': [7, 5],
  '450000': [4, 6], '430000': [5, 6], '360000': [6, 6], '350000': [7, 6], '710000': [8, 6],
  '440000': [5, 7], '810000': [6, 7],
  '460000': [4, 8], '820000': [5, 8],
};

const SHORT: Record<string, string> = {
  '110000': '京', '120000': '津', '130000': '冀', '140000': '晋', '150000': '蒙', '210000': '辽', '220000': '吉', '230000': '黑',
  '310000': '沪', '320000': '苏', '330000': '浙', '340000': '皖', '350000': '闽', '360000': '赣', '370000': '鲁', '410000': '豫',
  '420000': '鄂', '430000': '湘', '440000': '粤', '450000': '桂', '460000': '琼', '500000': '渝', '510000': '川', '520000': '黔',
  '530000': '滇', '540000': '藏', '610000': '陕', '620000': '甘', '630000': '青', '640000': '宁', '650000': '新', '710000': '台',
  '810000': '港', '820000': '澳',
};

const SIZE = 44;

type Blocked = RegionBlockedQuery['blockedEnterprises'];
type Flow = BlockingFlowsQuery['blockingFlows'][number];

const centre = (code: string): [number, number] | null => {
  const tile = TILES[code];
  return tile ? [tile[0] * SIZE + (SIZE - 3) / 2, tile[1] * SIZE + (SIZE - 3) / 2] : null;
};

/**
 * One arrow per flow, bowed to its right so that the two directions between
 * a pair of provinces stay apart, its width by the workforce idled, faded
 * when a province is picked and the flow does not touch it. Drawn only: the
 * list below the grid says the same in words.
 */
function FlowArrows(props: { flows: Flow[]; selected: string | null }) {
  const max = Math.max(1, ...props.flows.map((f) => f.workforce));
  return (
    <g class="flows" aria-hidden="true" pointer-events="none">
      <defs>
        <marker id="flow-head" viewBox="0 0 10 10" refX="8" refY="5" markerWidth="4" markerHeight="4" orient="auto-start-reverse">
          <path d="M 0 0 L 10 5 L 0 10 z" fill="#0d47a1" />
        </marker>
      </defs>
      {props.flows.map((f) => {
        const a = centre(f.from.code);
        const b = centre(f.to.code);
        if (!a || !b) return null;
        const [dx, dy] = [b[0] - a[0], b[1] - a[1]];
        const length = Math.hypot(dx, dy);
        // From the edge of one tile to the edge of the other, not centre to centre.
        const trim = Math.min(SIZE * 0.4, length / 3);
        const [ux, uy] = [dx / length, dy / length];
        const [x1, y1, x2, y2] = [a[0] + ux * trim, a[1] + uy * trim, b[0] - ux * trim, b[1] - uy * trim];
        const bow = Math.min(SIZE * 0.6, length * 0.15);
        const [cx, cy] = [(x1 + x2) / 2 - uy * bow, (y1 + y2) / 2 + ux * bow];
        const touches = props.selected === null || f.from.code === props.selected || f.to.code === props.selected;
        return (
          <path
            key={`${f.from.code}-${f.to.code}`}
            class="flow"
            data-from={f.from.code}
            data-to={f.to.code}
            d={`M ${x1.toFixed(1)} ${y1.toFixed(1)} Q ${cx.toFixed(1)} ${cy.toFixed(1)} ${x2.toFixed(1)} ${y2.toFixed(1)}`}
            fill="none"
            stroke="#0d47a1"
            stroke-opacity={touches ? 0.85 : 0.2}
            stroke-width={(1.5 + 6 * (f.workforce / max)).toFixed(1)}
            stroke-linecap="round"
            marker-end="url(#flow-head)"
          />
        );
      })}
    </g>
  );
}

/** The flows in words, heaviest first: what a keyboard or screen-reader user (and the browser tests) read of the arrows. */
function FlowList(props: { flows: Flow[]; onOpen: (id: string) => void }) {
  return (
    <section aria-labelledby="flows-heading" data-testid="blocking-flows" class="flows-list">
      <h3 id="flows-heading">{t('flowsHeading')}</h3>
      <p class="muted">{t('flowsHint')}</p>
      {props.flows.length === 0 ? (
        <p>{t('noFlows')}</p>
      ) : (
        <ol lang={locale.value}>
          {props.flows.map((f) => (
            <li key={`${f.from.code}-${f.to.code}`} data-from={f.from.code} data-to={f.to.code}>
              <strong>{t('flowLine', { from: f.from.name, to: f.to.name, plants: f.plantCount, workforce: f.workforce })}</strong>
              <br />
              {f.rootCauses.length > 0 && (
                <span>
                  {t('flowRootCauses')}
                  {f.rootCauses.map((r, i) => (
                    <span key={r.id}>
                      {i > 0 && '、'}
                      <button type="button" class="link" onClick={() => props.onOpen(r.id)}>
                        {r.name}
                      </button>
                    </span>
                  ))}{' '}
                </span>
              )}
              {f.restrictions.length > 0 && (
                <span>
                  {t('flowRestrictions')}
                  {f.restrictions.map((r) => r.id).join('、')}{' '}
                </span>
              )}
              <span class="muted">
                {t('flowPlants')}
                {f.plants.map((p, i) => (
                  <span key={p.id}>
                    {i > 0 && '、'}
                    <button type="button" class="link" onClick={() => props.onOpen(p.id)}>
                      {p.name}
                    </button>
                  </span>
                ))}
                {f.plantCount > f.plants.length && ` ${t('flowMorePlants', { n: f.plantCount - f.plants.length })}`}
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
type Plant = Blocked['nodes'][number];

/** The suggestions' weight of a plant (DOMAIN.md): workforce, tripled when epidemic-critical, plus 500, plus 2000 when critical. */
function priority(plant: Plant): number {
  const e = plant.enterprise;
  return e.workforce * (e.epidemicCritical ? 3 : 1) + 500 + (e.epidemicCritical ? 2000 : 0);
}

function TileGrid(props: {
  provinces: { code: string; name: string }[];
  idled: Map<string, number>;
  restricted: Map<string, number>;
  flows: Flow[];
  selected: string | null;
  onPick: (code: string) => void;
}) {
  const max = Math.max(1, ...props.idled.values());
  const known = new Map(props.provinces.map((p) => [p.code, p.name]));
  return (
    <svg class="tiles" viewBox={`0 0 ${10 * SIZE} ${9 * SIZE}`} role="group" aria-label={t('tileGrid')}>
      {Object.entries(TILES).map(([code, [column, row]]) => {
        const name = known.get(code);
        const idled = props.idled.get(code) ?? 0;
        const shade = name ? 0.1 + 0.9 * (idled / max) : 0;
        const restricted = props.restricted.get(code) ?? 0;
        // `tabindex` in lower case: an SVG element's attribute names are case-sensitive, and `tabIndex` leaves the tile out of the tab order.
        const label = name ? `${name}：${t('idled', { n: formatNumber(idled) })}${restricted ? `；${t('restrictionsInForce', { n: restricted })}` : ''}` : SHORT[code];
        return (
          <g
            key={code}
            transform={`translate(${column * SIZE},${row * SIZE})`}
            {...(name
              ? { role: 'button', tabindex: 0, 'aria-label': label, 'aria-pressed': props.selected === code, onClick: () => props.onPick(code), onKeyDown: (e: KeyboardEvent) => (e.key === 'Enter' || e.key === ' ') && (e.preventDefault(), props.onPick(code)) }
              : { 'aria-hidden': 'true' })}
            data-code={code}
            data-restricted={restricted ? 'true' : undefined}
            class={name ? 'tile known' : 'tile'}
          >
            <title>{label}</title>
            <rect width={SIZE - 3} height={SIZE - 3} rx={4} fill={name ? `rgba(198, 40, 40, ${shade.toFixed(2)})` : '#eeeeee'} stroke={props.selected === code ? '#0d47a1' : '#bdbdbd'} stroke-width={props.selected === code ? 3 : 1} />
            <text x={(SIZE - 3) / 2} y={(SIZE - 3) / 2 + 5} text-anchor="middle" font-size="14" fill={shade > 0.55 ? '#fff' : '#212121'}>
              {SHORT[code]}
            </text>
            {restricted > 0 && (
              // A warning triangle drawn, not written: the tile's name already says it in words.
              <g class="restricted-mark" aria-hidden="true">
                <polygon points={`${SIZE - 11},2 ${SIZE - 4},15 ${SIZE - 18},15`} fill="#ffeb3b" stroke="#212121" stroke-width="1" />
                <rect x={SIZE - 11.75} y={6} width={1.5} height={5} fill="#212121" />
                <rect x={SIZE - 11.75} y={12} width={1.5} height={1.5} fill="#212121" />
              </g>
            )}
          </g>
        );
      })}
      <FlowArrows flows={props.flows} selected={props.selected} />
    </svg>
  );
}

/** The plan's restarts by the day each is expected: the days a timeline's idled workforce may drop. */
function resumingOn(plan: RestartPlanQuery['restartPlan']): Map<string, string[]> {
  const days = new Map<string, string[]>();
  for (const step of plan.steps) {
    const date = step.enterprise.expectedResumeDate;
    if (step.enterprise.status === 'SUSPENDED' && date) days.set(date, [...(days.get(date) ?? []), step.enterprise.name]);
  }
  return days;
}

export function RegionView(props: { onOpen: (id: string) => void }) {
  const [provinces, setProvinces] = useState<{ code: string; name: string }[]>([]);
  const [idled, setIdled] = useState(new Map<string, number>());
  const [code, setCode] = useState<string | null>(null);
  const [region, setRegion] = useState<RegionQuery['region'] | null>(null);
  const [blocked, setBlocked] = useState<Blocked | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [restricted, setRestricted] = useState(new Map<string, number>());
  const [resuming, setResuming] = useState<ReadonlyMap<string, string[]>>(new Map());
  const [flows, setFlows] = useState<Flow[] | null>(null);

  useEffect(() => {
    // Every restriction in force today, counted on the provinces it concerns, for the tiles' marks.
    query(RestrictionsDocument, { first: 1000 }).then(
      (data) => {
        const counts = new Map<string, number>();
        for (const r of data.restrictions.nodes.filter((x) => x.inForce)) for (const code of provincesOf(r)) counts.set(code, (counts.get(code) ?? 0) + 1);
        setRestricted(counts);
      },
      (e: Error) => setError(e.message),
    );
    query(BlockingFlowsDocument, {}).then(
      (data) => setFlows(data.blockingFlows),
      (e: Error) => setError(e.message),
    );
    query(ProvincesDocument, {}).then(
      async (data) => {
        setProvinces(data.regions);
        const figures = await Promise.all(data.regions.map((p) => query(RegionBlockedDocument, { code: p.code, first: 1 }).then((b) => [p.code, b.blockedEnterprises.workforce] as const)));
        setIdled(new Map(figures));
      },
      (e: Error) => setError(e.message),
    );
  }, []);

  useEffect(() => {
    if (!code) return;
    setBlocked(null);
    setResuming(new Map());
    Promise.all([query(RegionDocument, { code }), query(RegionBlockedDocument, { code, first: 200 })]).then(
      ([r, b]) => (setRegion(r.region), setBlocked(b.blockedEnterprises), setError(null)),
      (e: Error) => setError(e.message),
    );
  }, [code]);

  const plants = blocked ? [...blocked.nodes].sort((a, b) => priority(b) - priority(a) || a.enterprise.id.localeCompare(b.enterprise.id)) : [];
  return (
    <section class="region" aria-labelledby="region-heading">
      <h2 id="region-heading">{t('tabRegion')}</h2>
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
      <div class="region-layout">
        <div>
          <TileGrid provinces={provinces} idled={idled} restricted={restricted} flows={flows ?? []} selected={code && code.slice(0, 2) + '0000'} onPick={setCode} />
          {flows && <FlowList flows={flows} onOpen={props.onOpen} />}
        </div>
        <nav aria-label={t('regionTree')} class="tree">
          {region?.parent && (
            <button type="button" class="link" onClick={() => setCode(region.parent!.code)}>
              ↑ {region.parent.name}
            </button>
          )}
          {region && <h3>{region.name}</h3>}
          <ul>
            {(region ? region.children : provinces).map((child) => (
              <li key={child.code}>
                <button type="button" class="link" onClick={() => setCode(child.code)}>
                  {child.name}
                </button>
              </li>
            ))}
          </ul>
        </nav>
      </div>
      {blocked && region && (
        <section aria-labelledby="blocked-plants-heading" data-testid="region-blocked">
          <h3 id="blocked-plants-heading">{t('notReadyIn', { region: region.name })}</h3>
          <p>
            {t('blockedSummary', { n: formatNumber(blocked.totalCount), workforce: formatNumber(blocked.workforce), date: formatDate(blocked.asOf) })}{' '}
            <button
              type="button"
              onClick={() =>
                save(
                  `${region.code}-blocked.csv`,
                  toCsv([
                    [t('csvName'), t('csvId'), t('csvRegion'), t('workforce'), t('blockedInputs'), t('rootCause')],
                    ...plants.map((p) => [p.enterprise.name, p.enterprise.id, p.enterprise.region.name, p.enterprise.workforce, p.blockedInputCount, p.rootCauseCount]),
                  ]),
                )
              }
            >
              {t('exportCsv')}
            </button>
          </p>
          <ol class="blocked-plants" lang={locale.value}>
            {plants.map((p) => (
              <li key={p.enterprise.id} data-id={p.enterprise.id}>
                <button type="button" class="link" onClick={() => props.onOpen(p.enterprise.id)}>
                  {p.enterprise.name}
                </button>{' '}
                <span class="muted">
                  {p.enterprise.region.parent?.name} {p.enterprise.region.name} · {t('workforce')} {formatNumber(p.enterprise.workforce)} ·{' '}
                  {t('plantCounts', { inputs: p.blockedInputCount, causes: p.rootCauseCount })}
                </span>
              </li>
            ))}
          </ol>
          {blocked.totalCount > plants.length && <p class="muted">{t('firstOf', { shown: formatNumber(plants.length), total: formatNumber(blocked.totalCount) })}</p>}
        </section>
      )}
      {region && (
        <div class="planning">
          <RestrictionsPanel key={`r-${region.code}`} code={region.code} regionName={region.name} />
          <RestartPlanPanel key={`p-${region.code}`} code={region.code} regionName={region.name} onOpen={props.onOpen} onPlan={(plan) => setResuming(resumingOn(plan))} />
          <TimelinePanel key={`t-${region.code}`} code={region.code} regionName={region.name} resuming={resuming} />
        </div>
      )}
    </section>
  );
}
