/**
 * Help requests, offers and loans as stored: one node each, keyed by id, in
 * the dataset writer's shape (enterprises and components named by id), and
 * the records of loan changes the read models replay.
 */
import neo4j from 'neo4j-driver';
import type { Tx } from '../../neo4j/database.ts';
import { NEXT_CHANGE_SEQ } from '../shared/change-seq.ts';
import type { HelpOfferRecord, HelpRequestRecord, LoanRecord } from './mappers.ts';

const REQUEST = `{
  id: h.id, enterpriseId: h.enterprise, componentId: h.component, quantity: toFloat(h.quantity), unit: h.unit,
  neededBy: toString(h.neededBy), note: h.note, withdrawnOn: toString(h.withdrawnOn)
}`;
const OFFER = `{
  id: o.id, enterpriseId: o.enterprise, componentId: o.component, quantity: toFloat(o.quantity), unit: o.unit,
  availableUntil: toString(o.until), note: o.note, withdrawnOn: toString(o.withdrawnOn)
}`;
const LOAN = `{
  id: l.id, lenderId: l.lender, borrowerId: l.borrower, componentId: l.component, quantity: toFloat(l.quantity), unit: l.unit,
  coverDays: toInteger(l.coverDays), start: toString(l.start), returnBy: toString(l.returnBy), returnedOn: toString(l.returnedOn),
  requestId: l.requestId, offerId: l.offerId
}`;

export async function helpRequestsByIds(tx: Tx, ids: readonly string[]): Promise<HelpRequestRecord[]> {
  const result = await tx.run<{ h: HelpRequestRecord }>(`UNWIND $ids AS id MATCH (h:HelpRequest {id: id}) RETURN ${REQUEST} AS h`, { ids: [...ids] });
  return result.records.map((x) => x.get('h'));
}

export async function helpOffersByIds(tx: Tx, ids: readonly string[]): Promise<HelpOfferRecord[]> {
  const result = await tx.run<{ o: HelpOfferRecord }>(`UNWIND $ids AS id MATCH (o:HelpOffer {id: id}) RETURN ${OFFER} AS o`, { ids: [...ids] });
  return result.records.map((x) => x.get('o'));
}

export async function loansByIds(tx: Tx, ids: readonly string[]): Promise<LoanRecord[]> {
  const result = await tx.run<{ l: LoanRecord }>(`UNWIND $ids AS id MATCH (l:Loan {id: id}) RETURN ${LOAN} AS l`, { ids: [...ids] });
  return result.records.map((x) => x.get('l'));
}

/** The loans agreed on each request or from each offer (`by`), by id. */
export async function loansOf(tx: Tx, by: 'requestId' | 'offerId', ids: readonly string[]): Promise<LoanRecord[]> {
  const result = await tx.run<{ l: LoanRecord }>(`UNWIND $ids AS id MATCH (l:Loan) WHERE l.${by} = id WITH l ORDER BY l.id RETURN ${LOAN} AS l`, { ids: [...ids] });
  return result.records.map((x) => x.get('l'));
}

/** Where an enterprise lies, as the analysis counts nearness: its district, city and province codes. */
export interface Whereabouts {
  district: string;
  city: string;
  province: string;
}

const WHEREABOUTS = (e: string) => `
  OPTIONAL MATCH (${e})-[:LOCATED_IN]->(d:Region)
  OPTIONAL MATCH (d)-[:PART_OF]->(p1:Region)
  OPTIONAL MATCH (p1)-[:PART_OF]->(p2:Region)`;
const PLACE = `{district: coalesce(d.code, ''), city: coalesce(p1.code, ''), province: coalesce(p2.code, p1.code, '')}`;

/** The request's enterprise's whereabouts, and the offers standing on `on` of its component from other enterprises, each with its own. */
export async function offersFor(tx: Tx, request: HelpRequestRecord, on: string): Promise<{ here: Whereabouts; offers: { offer: HelpOfferRecord; place: Whereabouts }[] }> {
  const here = await tx.run<{ place: Whereabouts }>(`MATCH (e:Enterprise {id: $id}) ${WHEREABOUTS('e')} RETURN ${PLACE} AS place`, { id: request.enterpriseId });
  const offers = await tx.run<{ o: HelpOfferRecord; place: Whereabouts }>(
    `MATCH (o:HelpOffer {component: $component})
     WHERE o.enterprise <> $enterprise AND o.withdrawnOn IS NULL AND o.until >= date($on)
     OPTIONAL MATCH (e:Enterprise {id: o.enterprise})
     ${WHEREABOUTS('e')}
     RETURN ${OFFER} AS o, ${PLACE} AS place`,
    { component: request.componentId, enterprise: request.enterpriseId, on },
  );
  return {
    here: here.records[0]?.get('place') ?? { district: '', city: '', province: '' },
    offers: offers.records.map((x) => ({ offer: x.get('o'), place: x.get('place') })),
  };
}

export interface LoanSearch {
  agencyId: string | null;
  regionCode: string | null;
  overdue: boolean | null;
  open: boolean | null;
  today: string;
}

const MATCHING = `MATCH (l:Loan)
  WHERE ($open IS NULL OR (l.returnedOn IS NULL) = $open)
    AND ($overdue IS NULL OR (l.returnedOn IS NULL AND l.returnBy < date($today)) = $overdue)
    AND ($agency IS NULL OR EXISTS {
          MATCH (e:Enterprise)-[:LOCATED_IN]->(:Region)-[:PART_OF*0..]->(:Region)<-[:GOVERNS]-(:Agency {id: $agency})
          WHERE e.id IN [l.lender, l.borrower] })
    AND ($code IS NULL OR EXISTS {
          MATCH (e:Enterprise)-[:LOCATED_IN]->(:Region)-[:PART_OF*0..2]->(:Region {code: $code})
          WHERE e.id IN [l.lender, l.borrower] })`;

function searchParameters(search: LoanSearch) {
  return { open: search.open, overdue: search.overdue, today: search.today, agency: search.agencyId, code: search.regionCode };
}

export async function searchLoans(tx: Tx, search: LoanSearch, after: string | null, limit: number): Promise<LoanRecord[]> {
  const result = await tx.run<{ l: LoanRecord }>(
    `${MATCHING} AND ($after IS NULL OR l.id > $after)
     WITH l ORDER BY l.id LIMIT $limit
     RETURN ${LOAN} AS l`,
    { ...searchParameters(search), after, limit: neo4j.int(limit) },
  );
  return result.records.map((x) => x.get('l'));
}

export async function countLoans(tx: Tx, search: LoanSearch): Promise<number> {
  const result = await tx.run<{ n: number }>(`${MATCHING} RETURN count(l) AS n`, searchParameters(search));
  return Number(result.records[0]?.get('n') ?? 0);
}

export interface PostingSearch {
  agencyId: string | null;
  regionCode: string | null;
  open: boolean | null;
  today: string;
}

/** Requests (`h`) or offers (`o`) of enterprises in the agency's or region's care; an offer is open while not withdrawn and standing today. */
function postingMatch(subject: 'HelpRequest' | 'HelpOffer'): string {
  const v = subject === 'HelpRequest' ? 'h' : 'o';
  const open = subject === 'HelpRequest' ? 'h.withdrawnOn IS NULL' : '(o.withdrawnOn IS NULL AND o.until >= date($today))';
  return `MATCH (${v}:${subject})
  WHERE ($open IS NULL OR ${open} = $open)
    AND ($agency IS NULL OR EXISTS {
          MATCH (e:Enterprise {id: ${v}.enterprise})-[:LOCATED_IN]->(:Region)-[:PART_OF*0..]->(:Region)<-[:GOVERNS]-(:Agency {id: $agency}) })
    AND ($code IS NULL OR EXISTS {
          MATCH (e:Enterprise {id: ${v}.enterprise})-[:LOCATED_IN]->(:Region)-[:PART_OF*0..2]->(:Region {code: $code}) })`;
}

function postingParameters(search: PostingSearch) {
  return { open: search.open, today: search.today, agency: search.agencyId, code: search.regionCode };
}

export async function searchHelpRequests(tx: Tx, search: PostingSearch, after: string | null, limit: number): Promise<HelpRequestRecord[]> {
  const result = await tx.run<{ h: HelpRequestRecord }>(
    `${postingMatch('HelpRequest')} AND ($after IS NULL OR h.id > $after)
     WITH h ORDER BY h.id LIMIT $limit
     RETURN ${REQUEST} AS h`,
    { ...postingParameters(search), after, limit: neo4j.int(limit) },
  );
  return result.records.map((x) => x.get('h'));
}

export async function searchHelpOffers(tx: Tx, search: PostingSearch, after: string | null, limit: number): Promise<HelpOfferRecord[]> {
  const result = await tx.run<{ o: HelpOfferRecord }>(
    `${postingMatch('HelpOffer')} AND ($after IS NULL OR o.id > $after)
     WITH o ORDER BY o.id LIMIT $limit
     RETURN ${OFFER} AS o`,
    { ...postingParameters(search), after, limit: neo4j.int(limit) },
  );
  return result.records.map((x) => x.get('o'));
}

export async function countPostings(tx: Tx, subject: 'HelpRequest' | 'HelpOffer', search: PostingSearch): Promise<number> {
  const v = subject === 'HelpRequest' ? 'h' : 'o';
  const result = await tx.run<{ n: number }>(`${postingMatch(subject)} RETURN count(${v}) AS n`, postingParameters(search));
  return Number(result.records[0]?.get('n') ?? 0);
}

/** The agencies governing each enterprise (its district or a region above it), by id: who acts for it in mutual aid. */
export async function governingOfEnterprises(tx: Tx, ids: readonly string[]): Promise<{ enterpriseId: string; agencyIds: string[] }[]> {
  const result = await tx.run<{ enterpriseId: string; agencyIds: string[] }>(
    `UNWIND $ids AS id MATCH (e:Enterprise {id: id})
     OPTIONAL MATCH (e)-[:LOCATED_IN]->(:Region)-[:PART_OF*0..]->(:Region)<-[:GOVERNS]-(a:Agency)
     RETURN e.id AS enterpriseId, collect(DISTINCT a.id) AS agencyIds`,
    { ids: [...ids] },
  );
  return result.records.map((x) => ({ enterpriseId: x.get('enterpriseId'), agencyIds: [...x.get('agencyIds')].sort() }));
}

export async function componentExists(tx: Tx, id: string): Promise<boolean> {
  const result = await tx.run('MATCH (c:Component {id: $id}) RETURN 1 LIMIT 1', { id });
  return result.records.length > 0;
}

/** The kinds of subject an idempotency key can create here, each with its own key space and its ids' kind (dataset/api-ids.ts). */
export type AidSubject = 'HelpRequest' | 'HelpOffer' | 'Loan';

/**
 * Claims the idempotency key; returns the subject a first call created with
 * it (null on the first call) and that call's fingerprint. The key node's
 * write lock makes a concurrent retry wait for the first call.
 */
export async function claimKey(tx: Tx, subject: AidSubject, key: string, fingerprint: string, at: string): Promise<{ subjectId: string | null; fingerprint: string }> {
  const result = await tx.run<{ subjectId: string | null; fingerprint: string }>(
    `MERGE (k:IdempotencyKey {key: $key})
     ON CREATE SET k.fingerprint = $fingerprint, k.createdAt = datetime($at)
     SET k.claimedAt = datetime($at)
     RETURN k.subjectId AS subjectId, k.fingerprint AS fingerprint`,
    { key: `${subject}|${key}`, fingerprint, at },
  );
  const row = result.records[0];
  return { subjectId: row?.get('subjectId') ?? null, fingerprint: row?.get('fingerprint') ?? fingerprint };
}

export async function recordKey(tx: Tx, subject: AidSubject, key: string, subjectId: string): Promise<void> {
  await tx.run('MATCH (k:IdempotencyKey {key: $key}) SET k.subjectId = $subjectId', { key: `${subject}|${key}`, subjectId });
}


export async function createHelpRequest(tx: Tx, h: HelpRequestRecord): Promise<void> {
  await tx.run(
    `CREATE (:HelpRequest {id: $id, enterprise: $enterpriseId, component: $componentId, quantity: $quantity, unit: $unit,
       neededBy: date($neededBy), note: $note, withdrawnOn: null})`,
    { ...h },
  );
}

export async function createHelpOffer(tx: Tx, o: HelpOfferRecord): Promise<void> {
  await tx.run(
    `CREATE (:HelpOffer {id: $id, enterprise: $enterpriseId, component: $componentId, quantity: $quantity, unit: $unit,
       until: date($availableUntil), note: $note, withdrawnOn: null})`,
    { ...o },
  );
}

export async function createLoan(tx: Tx, l: LoanRecord): Promise<void> {
  await tx.run(
    `CREATE (:Loan {id: $id, lender: $lenderId, borrower: $borrowerId, component: $componentId, quantity: $quantity, unit: $unit,
       coverDays: $coverDays, start: date($start), returnBy: date($returnBy), returnedOn: null, requestId: $requestId, offerId: $offerId})`,
    { ...l, coverDays: neo4j.int(l.coverDays) },
  );
}

/** Reads the request with its node write-locked, so a withdrawal and a loan agreed on it queue rather than race. */
export async function lockedHelpRequest(tx: Tx, id: string): Promise<HelpRequestRecord | null> {
  const result = await tx.run<{ h: HelpRequestRecord }>(`MATCH (h:HelpRequest {id: $id}) SET h.eventCount = coalesce(h.eventCount, 0) RETURN ${REQUEST} AS h`, { id });
  return result.records[0]?.get('h') ?? null;
}

export async function lockedHelpOffer(tx: Tx, id: string): Promise<HelpOfferRecord | null> {
  const result = await tx.run<{ o: HelpOfferRecord }>(`MATCH (o:HelpOffer {id: $id}) SET o.eventCount = coalesce(o.eventCount, 0) RETURN ${OFFER} AS o`, { id });
  return result.records[0]?.get('o') ?? null;
}

export async function lockedLoan(tx: Tx, id: string): Promise<LoanRecord | null> {
  const result = await tx.run<{ l: LoanRecord }>(`MATCH (l:Loan {id: $id}) SET l.eventCount = coalesce(l.eventCount, 0) RETURN ${LOAN} AS l`, { id });
  return result.records[0]?.get('l') ?? null;
}

export async function setWithdrawn(tx: Tx, subject: 'HelpRequest' | 'HelpOffer', id: string, on: string): Promise<void> {
  await tx.run(`MATCH (x:${subject} {id: $id}) SET x.withdrawnOn = date($on)`, { id, on });
}

export async function setReturned(tx: Tx, id: string, on: string): Promise<void> {
  await tx.run('MATCH (l:Loan {id: $id}) SET l.returnedOn = date($on)', { id, on });
}

/**
 * Records the loan as it now stands with the next seq (see
 * shared/change-seq.ts), in the write transaction that changed it.
 */
export async function recordLoanChange(tx: Tx, id: string): Promise<void> {
  await tx.run(
    `MATCH (l:Loan {id: $id})
     ${NEXT_CHANGE_SEQ}
     CREATE (:LoanChange {
       seq: seqLock.seq, loanId: l.id, lender: l.lender, borrower: l.borrower, component: l.component,
       coverDays: l.coverDays, start: l.start, returnedOn: l.returnedOn, at: datetime.realtime()
     })`,
    { id },
  );
}
