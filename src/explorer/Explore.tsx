/**
 * Find and open a plant: suggestions as you type (name, Chinese or Latin, or
 * id), then the plant's readiness, who should ask whom, its upstream chain
 * drawn and mirrored as a list, and the blocked inputs.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { mutate, query, type ApiError } from './api.ts';
import { ChainGraph, STATE_COLOURS } from './ChainGraph.tsx';
import { save, toCsv } from './download.ts';
import { expand, initialChain, listed, showMore, stateOf, undo, withAbility, type Chain, type Direction, type NodeState } from './chain.ts';
import {
  FileRequestDocument,
  ImpactDocument,
  NeighboursDocument,
  PlantDocument,
  ReadinessDocument,
  SearchEnterprisesDocument,
  type BlockReason,
  type ImpactQuery,
  type MeQuery,
  type PlantQuery,
  type SearchEnterprisesQuery,
} from './generated.ts';
import { formatDate, formatNumber, locale, t, type MessageKey } from './i18n.ts';
import { restrictionPeriod, restrictionScope } from './restrictions.ts';
import { ErrorLine } from './ErrorLine.tsx';

type Hit = SearchEnterprisesQuery['byName']['nodes'][number];
type Suggestion = PlantQuery['coordinationSuggestions'][number];
type Me = MeQuery['me'];

/**
 * How long the search waits after the last keystroke before it asks: long
 * enough that typing a name does not ask per letter, short enough that
 * suggestions follow within 150 ms (the IME's composition is waited for
 * apart, so this need not cover it).
 */
export const SEARCH_PAUSE_MS = 60;

export function Search(props: { onOpen: (id: string) => void }) {
  const [text, setText] = useState('');
  const [hits, setHits] = useState<{ for: string; list: Hit[]; total: number } | null>(null);
  const [active, setActive] = useState(0);
  const [error, setError] = useState<string | null>(null);
  // Pinyin being composed in an IME is not yet a term: nothing is asked until it is committed.
  const [composing, setComposing] = useState(false);
  const latest = useRef('');
  const input = useRef<HTMLInputElement>(null);
  // Composition events are listened to natively: an input element has no oncomposition… handler for Preact to find.
  useEffect(() => {
    const element = input.current;
    if (!element) return;
    const start = () => setComposing(true);
    const end = () => {
      setComposing(false);
      setText(element.value);
    };
    element.addEventListener('compositionstart', start);
    element.addEventListener('compositionend', end);
    return () => {
      element.removeEventListener('compositionstart', start);
      element.removeEventListener('compositionend', end);
    };
  }, []);
  const chosen = useRef<string | null>(null);

  useEffect(() => {
    const term = text.trim();
    latest.current = term;
    if (composing) return;
    if (!term || term === chosen.current) {
      setHits(null);
      return;
    }
    // Wait for a short pause in typing, then ask; answers to older text are dropped.
    const timer = setTimeout(() => {
      query(SearchEnterprisesDocument, { name: term, id: term, first: 8 }).then(
        (data) => {
          if (latest.current !== term) return;
          const list = [...(data.byId ? [data.byId] : []), ...data.byName.nodes.filter((n) => n.id !== data.byId?.id)];
          setHits({ for: term, list, total: data.byName.totalCount + (data.byId && !data.byName.nodes.some((n) => n.id === data.byId?.id) ? 1 : 0) });
          setActive(0);
          setError(null);
        },
        (e: ApiError) => setError(e.message),
      );
    }, SEARCH_PAUSE_MS);
    return () => clearTimeout(timer);
  }, [text, composing]);

  const open = (hit: Hit) => {
    chosen.current = hit.name;
    setHits(null);
    setText(hit.name);
    props.onOpen(hit.id);
  };
  const list = hits?.list ?? [];
  return (
    <div class="search">
      <label for="search-input">{t('search')}</label>
      <input
        id="search-input"
        type="search"
        role="combobox"
        aria-expanded={list.length > 0}
        aria-controls="search-suggestions"
        aria-autocomplete="list"
        aria-activedescendant={list.length ? `suggestion-${active}` : undefined}
        autocomplete="off"
        placeholder={t('searchPlaceholder')}
        value={text}
        onInput={(e) => setText((e.target as HTMLInputElement).value)}
        ref={input}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') setActive((i) => Math.min(i + 1, list.length - 1));
          else if (e.key === 'ArrowUp') setActive((i) => Math.max(i - 1, 0));
          else if (e.key === 'Enter' && list[active]) open(list[active]);
          else if (e.key === 'Escape') setHits(null);
          else return;
          e.preventDefault();
        }}
      />
      <ErrorLine error={error} />
      {hits && (
        <ul id="search-suggestions" role="listbox" aria-label={t('search')}>
          {list.length === 0 && <li class="muted">{t('noMatch')}</li>}
          {list.map((hit, i) => (
            <li key={hit.id} id={`suggestion-${i}`} role="option" aria-selected={i === active} onMouseDown={(e) => (e.preventDefault(), open(hit))}>
              <span class="name">{hit.name}</span> <span class="muted">{hit.region.parent?.name} {hit.region.name} · {hit.id} · {t(`enterprise${hit.status}` as const)}</span>
            </li>
          ))}
          {hits.total > list.length && <li class="muted">{t('matches', { n: hits.total })}</li>}
        </ul>
      )}
    </div>
  );
}

const LEGEND: { state: NodeState; key: MessageKey }[] = [
  { state: 'able', key: 'stateAble' },
  { state: 'blocked', key: 'stateBlocked' },
  { state: 'suspended', key: 'stateSuspended' },
  { state: 'closed', key: 'stateClosed' },
  { state: 'checking', key: 'stateChecking' },
];

export const REASON_KEYS: Record<BlockReason, MessageKey> = { NO_SUPPLIER: 'reasonNoSupplier', SUPPLIERS_DOWN: 'reasonSuppliersDown', DELIVERY_INTERRUPTED: 'reasonDeliveryInterrupted' };

const STATE_KEYS: Record<NodeState, MessageKey> = { able: 'stateAble', blocked: 'stateBlocked', suspended: 'stateSuspended', closed: 'stateClosed', checking: 'stateChecking' };

/** Checks, a few at a time, whether the OPERATING enterprises on the chain can run. */
function useAbilityChecks(chain: Chain | null, setChain: (update: (c: Chain | null) => Chain | null) => void) {
  const asked = useRef(new Set<string>());
  useEffect(() => {
    if (!chain) return;
    const unknown = [...chain.nodes.values()].filter((n) => n.able === null && !asked.current.has(n.id)).slice(0, 8);
    for (const node of unknown) {
      asked.current.add(node.id);
      query(ReadinessDocument, { id: node.id }).then(
        (data) => setChain((c) => (c ? withAbility(c, node.id, data.restartReadiness.ready) : c)),
        () => asked.current.delete(node.id),
      );
    }
  }, [chain]);
}

export function PlantView(props: { id: string; me: Me; onOpen: (id: string) => void; onBrief: (id: string) => void }) {
  const [plant, setPlant] = useState<PlantQuery | null>(null);
  const [chain, setChainState] = useState<Chain | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const chainRef = useRef<Chain | null>(null);
  const setChain = (update: (c: Chain | null) => Chain | null) => {
    chainRef.current = update(chainRef.current);
    setChainState(chainRef.current);
  };
  useAbilityChecks(chain, setChain);

  useEffect(() => {
    setPlant(null);
    setError(null);
    setSelected(null);
    setNotice(null);
    let gone = false;
    (async () => {
      const data = await query(PlantDocument, { id: props.id });
      if (!data.enterprise) throw new Error(t('notFound', { id: props.id }));
      const readiness = data.restartReadiness;
      // Label each hop of the root causes' paths with the component its customer gets: the customers' supplier lists say.
      const customers = new Set([props.id, ...[...readiness.rootCauses, ...readiness.logisticsRootCauses].flatMap((c) => c.path.slice(1).map((p) => p.id))]);
      const lists = await Promise.all([...customers].map((id) => query(NeighboursDocument, { id })));
      const supplied = new Map<string, string[]>();
      for (const list of lists) {
        for (const s of list.enterprise?.suppliers ?? []) {
          const key = `${s.supplier.id}>${list.enterprise!.id}`;
          supplied.set(key, [...(supplied.get(key) ?? []), s.component.name]);
        }
      }
      if (gone) return;
      setPlant(data);
      const own = lists.find((l) => l.enterprise?.id === props.id)?.enterprise?.suppliers ?? [];
      chainRef.current = initialChain(
        data.enterprise,
        readiness.ready,
        readiness.rootCauses,
        (s, c) => supplied.get(`${s}>${c}`) ?? [],
        own.map((s) => ({ node: s.supplier, component: s.component })),
        readiness.logisticsRootCauses.map((c) => ({ tier: c.tier, restrictionId: c.restriction.id, path: c.path, components: c.components })),
      );
      setChainState(chainRef.current);
    })().catch((e: Error) => !gone && setError(e.message));
    return () => {
      gone = true;
    };
  }, [props.id]);

  if (error) return <p role="alert" class="error">{error}</p>;
  if (!plant || !chain || !plant.enterprise) return <p aria-busy="true">{t('loading')}</p>;

  const expandNode = async (id: string, direction: Direction) => {
    try {
      const data = await query(NeighboursDocument, { id });
      const neighbours =
        direction === 'suppliers'
          ? (data.enterprise?.suppliers ?? []).map((s) => ({ node: s.supplier, component: s.component }))
          : (data.enterprise?.customers ?? []).map((s) => ({ node: s.customer, component: s.component }));
      const next = chainRef.current && expand(chainRef.current, id, direction, neighbours);
      if (!next) {
        setNotice(t('nothingNew'));
        return;
      }
      setChain(() => next);
      setNotice(t('added', { n: next.history.at(-1)!.nodes.length }));
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const last = chain.history.at(-1);
  const node = selected ? chain.nodes.get(selected) : undefined;
  const readiness = plant.restartReadiness;
  const nameOf = (id: string) => chain.nodes.get(id)?.name ?? id;

  return (
    <section class="plant" aria-labelledby="plant-name">
      <h2 id="plant-name">{plant.enterprise.name}</h2>
      <p>
        <button type="button" onClick={() => props.onBrief(props.id)}>
          {t('openBrief')}
        </button>
      </p>
      <div class={`banner ${readiness.ready ? 'ready' : 'not-ready'}`} role="status" data-testid="readiness">
        <strong>{readiness.ready ? t('ready') : t('notReady')}</strong> <span class="muted">{t('asOf', { date: formatDate(readiness.asOf) })}</span>
        <div>{readiness.expectedReadyDate ? t('expectedReady', { date: formatDate(readiness.expectedReadyDate) }) : t('noExpectedReady')}</div>
        {readiness.atRisk.length > 0 && (
          <div>
            {t('atRisk')}:
            <ul>
              {readiness.atRisk.map((r) => (
                <li key={r.component.id}>
                  {r.stockDays !== null && r.coveredUntil !== null
                    ? t('atRiskItem', { component: r.component.name, days: r.stockDays, date: formatDate(r.coveredUntil) })
                    : t('atRiskLoanItem', { component: r.component.name, date: r.loanEndsOn === null ? '—' : formatDate(r.loanEndsOn) })}
                </li>
              ))}
            </ul>
          </div>
        )}
      </div>

      <RouteBand suggestions={plant.coordinationSuggestions} me={props.me} plantId={props.id} />

      <div class="chain-layout">
        <div class="chain-main">
          <h3>{t('chain')}</h3>
          <div class="toolbar">
            <button type="button" disabled={!last} onClick={() => (setChain((c) => (c ? undo(c) : c)), setNotice(null))}>
              {last ? t('undo', { n: chain.history.length }) : t('nothingToUndo')}
            </button>
            {last && last.pending.length > 0 && (
              <button type="button" onClick={() => setChain((c) => (c ? showMore(c) : c))}>
                {t('paged', { shown: formatNumber(last.nodes.length), total: formatNumber(last.total) })}
              </button>
            )}
            {notice && (
              <span role="status" class="muted">
                {notice}
              </span>
            )}
          </div>
          <ChainGraph chain={chain} selected={selected} onSelect={setSelected} locale={locale.value} />
          <ul class="legend" aria-label={t('legend')}>
            {LEGEND.map((l) => (
              <li key={l.state}>
                <span class="swatch" style={{ background: STATE_COLOURS[l.state] }} /> {t(l.key)}
              </li>
            ))}
            <li>
              <span class="swatch root" /> {t('rootCause')}
            </li>
            <li>
              <span class="swatch cut" /> {t('deliveryCut')}
            </li>
          </ul>
        </div>
        <aside class="details" aria-label={t('details')}>
          {node ? (
            <div data-testid="details">
              <h3>{node.name}</h3>
              <dl>
                <dt>{t('status')}</dt>
                <dd>{t(STATE_KEYS[stateOf(node)])}</dd>
                <dt>{t('region')}</dt>
                <dd>{node.region}</dd>
                <dt>{t('workforce')}</dt>
                <dd>{formatNumber(node.workforce)}</dd>
                {node.expectedResumeDate && (
                  <>
                    <dt>{t('expectedResume')}</dt>
                    <dd>{formatDate(node.expectedResumeDate)}</dd>
                  </>
                )}
              </dl>
              <button type="button" onClick={() => expandNode(node.id, 'suppliers')}>
                {t('expandSuppliers')}
              </button>{' '}
              <button type="button" onClick={() => expandNode(node.id, 'customers')}>
                {t('expandCustomers')}
              </button>{' '}
              {node.id !== props.id && (
                <button type="button" onClick={() => props.onOpen(node.id)}>
                  {t('openPlant')}
                </button>
              )}
            </div>
          ) : (
            <p class="muted">{t('pickNode')}</p>
          )}
        </aside>
      </div>

      <h3 id="chain-list-heading">{t('chainList')}</h3>
      <button
        type="button"
        onClick={() =>
          save(
            `${props.id}-chain.csv`,
            toCsv([
              [t('csvName'), t('csvId'), t('csvTier'), t('csvState'), t('csvRegion'), t('csvRootCause'), t('csvSuppliers')],
              ...listed(chain).map((n) => [
                n.name,
                n.id,
                n.tier,
                t(STATE_KEYS[stateOf(n)]),
                n.region,
                n.rootCauseTier ?? '',
                [...chain.edges.values()].filter((e) => e.customer === n.id).map((e) => `${nameOf(e.supplier)}（${e.component}）`).join('；'),
              ]),
            ]),
          )
        }
      >
        {t('exportCsv')}
      </button>
      <ul class="chain-list" aria-labelledby="chain-list-heading" data-testid="chain-list">
        {listed(chain).map((n) => {
          const suppliers = [...chain.edges.values()].filter((e) => e.customer === n.id);
          return (
            <li key={n.id} data-id={n.id} class={n.rootCauseTier !== null ? 'root-cause' : ''}>
              <button type="button" class="link" aria-pressed={selected === n.id} onClick={() => setSelected(n.id)}>
                {n.name}
              </button>{' '}
              <span>
                {n.id === props.id ? t('plant') : n.tier > 0 ? t('tier', { tier: n.tier }) : `${t('tier', { tier: n.tier })}`} · {t(STATE_KEYS[stateOf(n)])} · {n.region}
              </span>
              {n.rootCauseTier !== null && <strong class="badge"> {t('rootCauseAt', { tier: n.rootCauseTier })}</strong>}
              {suppliers.length > 0 && (
                <span class="muted">
                  {' '}
                  ←{' '}
                  {suppliers.map((e, i) => (
                    <span key={e.id} data-edge={e.id} class={e.restrictions.length ? 'cut' : undefined}>
                      {i > 0 && '，'}
                      {nameOf(e.supplier)}（{e.component}
                      {e.restrictions.length > 0 && <strong> · {t('deliveryCutBy', { ids: e.restrictions.join('、') })}</strong>}）
                    </span>
                  ))}
                </span>
              )}
            </li>
          );
        })}
      </ul>

      <ImpactSection id={props.id} suspended={plant.enterprise.status === 'SUSPENDED'} onOpen={props.onOpen} />

      {readiness.blockedInputs.length > 0 && (
        <>
          <h3 id="blocked-heading">{t('blockedInputs')}</h3>
          <ul aria-labelledby="blocked-heading" data-testid="blocked-inputs">
            {readiness.blockedInputs.map((b) => (
              <li key={b.component.id}>
                <strong>{b.component.name}</strong> — {t(REASON_KEYS[b.reason])}
                <ul>
                  {b.rootCauses.map((rc) => {
                    const cause = readiness.rootCauses.find((c) => c.enterprise.id === rc.id);
                    return cause ? (
                      <li key={rc.id}>
                        {t('rootCauseAt', { tier: cause.tier })}: {cause.enterprise.name} · {t('path', { path: cause.path.map((p) => p.name).join(' → ') })}
                      </li>
                    ) : null;
                  })}
                  <li>
                    {b.alternatives.length
                      ? t('alternatives', { n: b.alternativeCount, list: b.alternatives.map((a) => `${a.name}（${a.region.name}）`).join('，') })
                      : t('noAlternatives')}
                  </li>
                </ul>
              </li>
            ))}
          </ul>
        </>
      )}
      {readiness.logisticsRootCauses.length > 0 && (
        <>
          <h3 id="logistics-heading">{t('logisticsRootCauses')}</h3>
          <ul aria-labelledby="logistics-heading" data-testid="logistics-root-causes">
            {readiness.logisticsRootCauses.map((c) => (
              <li key={`${c.restriction.id}-${c.tier}-${c.path[0]?.id}`} data-restriction={c.restriction.id}>
                <strong>{c.restriction.id}</strong> · {restrictionScope(c.restriction)} · {restrictionPeriod(c.restriction)} · {t('tier', { tier: c.tier })} ·{' '}
                {c.components.map((x) => x.name).join('、')} · {t('path', { path: c.path.map((p) => p.name).join(' → ') })}
                {c.restriction.note && <div class="muted">{c.restriction.note}</div>}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

/** Who depends on the enterprise: whom its restart frees (suspended) or its stop would block (operating). Asked for on demand. */
function ImpactSection(props: { id: string; suspended: boolean; onOpen: (id: string) => void }) {
  const [impact, setImpact] = useState<ImpactQuery['impact'] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const load = () => {
    setBusy(true);
    query(ImpactDocument, { id: props.id }).then(
      (data) => (setImpact(data.impact), setError(null), setBusy(false)),
      (e: Error) => (setError(e.message), setBusy(false)),
    );
  };
  return (
    <section aria-labelledby="impact-heading" data-testid="impact">
      <h3 id="impact-heading">{t('impact')}</h3>
      {!impact && (
        <button type="button" disabled={busy} onClick={load}>
          {t(props.suspended ? 'impactFreed' : 'impactBlocked')}
        </button>
      )}
      <ErrorLine error={error} />
      {impact && (
        <>
          <p>{t(props.suspended ? 'impactFreedSummary' : 'impactBlockedSummary', { n: impact.totalCount, workforce: impact.workforce })}</p>
          <ul class="impact-regions">
            {impact.byRegion
              .filter((r) => r.region.level === 'PROVINCE')
              .map((r) => (
                <li key={r.region.code}>{t('impactRegion', { region: r.region.name, n: r.count, workforce: r.workforce })}</li>
              ))}
          </ul>
          <ul>
            {impact.enterprises.nodes.map((e) => (
              <li key={e.id} data-id={e.id}>
                <button type="button" class="link" onClick={() => props.onOpen(e.id)}>
                  {e.name}
                </button>{' '}
                <span class="muted">
                  {e.region.parent?.name} {e.region.name} · {t('workforce')} {formatNumber(e.workforce)}
                </span>
              </li>
            ))}
          </ul>
          {impact.totalCount > impact.enterprises.nodes.length && (
            <p class="muted">{t('firstOf', { shown: formatNumber(impact.enterprises.nodes.length), total: formatNumber(impact.totalCount) })}</p>
          )}
        </>
      )}
    </section>
  );
}

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function todayInShanghai(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

function RouteBand(props: { suggestions: Suggestion[]; me: Me; plantId: string }) {
  if (props.suggestions.length === 0) return null;
  return (
    <section class="route" aria-labelledby="route-heading">
      <h3 id="route-heading">{t('whoAsksWhom')}</h3>
      {props.suggestions.map((s) => (
        <RouteCard key={s.key} suggestion={s} me={props.me} plantId={props.plantId} />
      ))}
    </section>
  );
}

function RouteCard(props: { suggestion: Suggestion; me: Me; plantId: string }) {
  const s = props.suggestion;
  const [form, setForm] = useState<{ message: string; dueDate: string } | null>(null);
  const [filed, setFiled] = useState<string | null>(s.existingRequest ? t('existing', { id: s.existingRequest.id, status: t(`status${s.existingRequest.status}` as const) }) : null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const idempotencyKey = useRef(crypto.randomUUID());
  const agency = (a: { name: string } | null) => a?.name ?? t('unknownAgency');
  const mayFile = s.requester !== null && s.addressee !== null && props.me.agencyId === s.requester.id && props.me.role !== 'VIEWER';
  const plants = s.plants.map((p) => p.enterprise.name).join('、');
  const openForm = () =>
    setForm({
      message: [
        s.targets.length > 0 &&
          t('defaultMessage', {
            targets: s.targets.map((x) => x.enterprise.name).join('、'),
            components: [...new Set(s.targets.flatMap((x) => x.components.map((c) => c.name)))].join('、'),
            plants,
          }),
        s.restrictions.length > 0 &&
          t('defaultMessageRestrictions', {
            restrictions: s.restrictions.map((x) => `${x.restriction.id}（${restrictionScope(x.restriction)}）`).join('、'),
            components: [...new Set(s.restrictions.flatMap((x) => x.components.map((c) => c.name)))].join('、'),
            plants,
          }),
      ]
        .filter(Boolean)
        .join(''),
      dueDate: addDays(todayInShanghai(), 3),
    });
  const submit = async (e: Event) => {
    e.preventDefault();
    if (!form || !s.addressee) return;
    setBusy(true);
    try {
      const data = await mutate(FileRequestDocument, {
        input: {
          addresseeAgencyId: s.addressee.id,
          copiedAgencyIds: s.copied.map((c) => c.id),
          ...(s.originator ? { originatorAgencyId: s.originator.id } : {}),
          targets: s.targets.flatMap((x) => x.components.map((c) => ({ enterpriseId: x.enterprise.id, componentId: c.id }))),
          restrictionTargets: s.restrictions.flatMap((x) => x.components.map((c) => ({ restrictionId: x.restriction.id, componentId: c.id }))),
          plantIds: s.plants.map((p) => p.enterprise.id),
          message: form.message,
          dueDate: form.dueDate,
          idempotencyKey: idempotencyKey.current,
        },
      });
      setFiled(t('filed', { id: data.fileCoordinationRequest.request.id }));
      setForm(null);
      setError(null);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <article class="route-card" data-testid="route" aria-label={`${agency(s.originator)} → ${agency(s.requester)} → ${agency(s.addressee)}`}>
      <ol class="band">
        <li>
          <span class="role">{t('originator')}</span> {agency(s.originator)}
        </li>
        <li aria-hidden="true">→</li>
        <li>
          <span class="role">{t('requester')}</span> {agency(s.requester)}
        </li>
        <li aria-hidden="true">→</li>
        <li>
          <span class="role">{t('addressee')}</span> {agency(s.addressee)}
        </li>
        {s.copied.length > 0 && (
          <li>
            <span class="role">{t('copied')}</span> {s.copied.map((c) => c.name).join('、')}
          </li>
        )}
      </ol>
      <p>
        <span class="scope" data-scope={s.scope}>
          {t('scope')}: {t(`scope${s.scope}` as const)}
        </span>{' '}
        · {t('priority', { n: s.priority })} · {s.targets.map((x) => `${x.enterprise.name}（${t('tier', { tier: x.tier })}）`).join('、')}
      </p>
      {s.restrictions.length > 0 && (
        <ul class="route-restrictions" aria-label={t('restrictionsToLift')} data-testid="route-restrictions">
          {s.restrictions.map((x) => (
            <li key={x.restriction.id} data-restriction={x.restriction.id}>
              {t('liftRestriction', { id: x.restriction.id, scope: restrictionScope(x.restriction), period: restrictionPeriod(x.restriction) })} · {t('tier', { tier: x.tier })} ·{' '}
              {x.components.map((c) => c.name).join('、')}
            </li>
          ))}
        </ul>
      )}
      {s.unroutableRegion && <p class="error">{t('unroutable', { region: s.unroutableRegion.name })}</p>}
      {filed && <p role="status">{filed}</p>}
      {!filed && !form && (
        <p>
          <button type="button" disabled={!mayFile} onClick={openForm}>
            {t('fileRequest')}
          </button>{' '}
          {!mayFile && s.requester && <span class="muted">{t('fileAs', { agency: s.requester.name })}</span>}
        </p>
      )}
      {form && (
        <form onSubmit={submit}>
          <label>
            {t('message')}
            <textarea value={form.message} rows={3} maxLength={4000} onInput={(e) => setForm({ ...form, message: (e.target as HTMLTextAreaElement).value })} />
          </label>
          <label>
            {t('dueDate')}
            <input type="date" value={form.dueDate} onInput={(e) => setForm({ ...form, dueDate: (e.target as HTMLInputElement).value })} />
          </label>
          <button type="submit" disabled={busy}>
            {t('submit')}
          </button>{' '}
          <button type="button" onClick={() => setForm(null)}>
            {t('cancel')}
          </button>
        </form>
      )}
      <ErrorLine error={error} />
    </article>
  );
}
