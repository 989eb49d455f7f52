/**
 * Startup migrations. Each has a stable id; every statement is idempotent
 * (IF NOT EXISTS), so running them all at every start is safe, and each
 * applied migration leaves a `(:Migration {id, description, appliedAt})`
 * node so a newer version can tell what ran. Append new migrations; never
 * edit an applied one.
 */
import type { Database } from './database.ts';

export interface Migration {
  id: string;
  description: string;
  statements: string[];
}

export const MIGRATIONS: Migration[] = [
  {
    id: '0001-keys',
    description: 'uniqueness of every key the graph model names',
    statements: [
      'CREATE CONSTRAINT region_code IF NOT EXISTS FOR (r:Region) REQUIRE r.code IS UNIQUE',
      'CREATE CONSTRAINT agency_id IF NOT EXISTS FOR (a:Agency) REQUIRE a.id IS UNIQUE',
      'CREATE CONSTRAINT enterprise_id IF NOT EXISTS FOR (e:Enterprise) REQUIRE e.id IS UNIQUE',
      'CREATE CONSTRAINT component_id IF NOT EXISTS FOR (c:Component) REQUIRE c.id IS UNIQUE',
      'CREATE CONSTRAINT migration_id IF NOT EXISTS FOR (m:Migration) REQUIRE m.id IS UNIQUE',
    ],
  },
  {
    id: '0002-lookups',
    description: 'indexes for the lookups the read API makes, full-text name search with the CJK analyzer',
    statements: [
      'CREATE INDEX region_level IF NOT EXISTS FOR (r:Region) ON (r.level)',
      'CREATE INDEX enterprise_status IF NOT EXISTS FOR (e:Enterprise) ON (e.status)',
      'CREATE INDEX enterprise_industry IF NOT EXISTS FOR (e:Enterprise) ON (e.industry)',
      // Bigram analysis indexes Chinese names without word segmentation.
      "CREATE FULLTEXT INDEX enterprise_name IF NOT EXISTS FOR (e:Enterprise) ON EACH [e.name] OPTIONS { indexConfig: { `fulltext.analyzer`: 'cjk' } }",
      "CREATE FULLTEXT INDEX component_name IF NOT EXISTS FOR (c:Component) ON EACH [c.name] OPTIONS { indexConfig: { `fulltext.analyzer`: 'cjk' } }",
      // Substring search for terms the full-text index cannot answer (one CJK character, parts of Latin words).
      'CREATE TEXT INDEX enterprise_name_text IF NOT EXISTS FOR (e:Enterprise) ON (e.name)',
      'CREATE TEXT INDEX component_name_text IF NOT EXISTS FOR (c:Component) ON (c.name)',
    ],
  },
  {
    id: '0003-identity-coordination',
    description: 'users; coordination requests, their events, and the keys that make duplicate filings impossible',
    statements: [
      'CREATE CONSTRAINT user_id IF NOT EXISTS FOR (u:User) REQUIRE u.id IS UNIQUE',
      'CREATE CONSTRAINT coordination_request_id IF NOT EXISTS FOR (r:CoordinationRequest) REQUIRE r.id IS UNIQUE',
      'CREATE CONSTRAINT coordination_request_seq IF NOT EXISTS FOR (r:CoordinationRequest) REQUIRE r.seq IS UNIQUE',
      // One event per (request, seq): two appends that both read the same count cannot both commit.
      'CREATE CONSTRAINT request_event_seq IF NOT EXISTS FOR (e:RequestEvent) REQUIRE (e.requestId, e.seq) IS UNIQUE',
      // One node per addressee|enterprise|component: every filing on a target MERGEs and locks it.
      'CREATE CONSTRAINT open_target_key IF NOT EXISTS FOR (o:OpenTarget) REQUIRE o.key IS UNIQUE',
      // ... and while a request on that key is open, exactly one OPEN_FOR edge carries the key: a second open request cannot commit.
      'CREATE CONSTRAINT open_for_key IF NOT EXISTS FOR ()-[f:OPEN_FOR]-() REQUIRE f.key IS UNIQUE',
      'CREATE CONSTRAINT idempotency_key IF NOT EXISTS FOR (k:IdempotencyKey) REQUIRE k.key IS UNIQUE',
      'CREATE CONSTRAINT counter_name IF NOT EXISTS FOR (c:Counter) REQUIRE c.name IS UNIQUE',
      'CREATE INDEX coordination_request_status IF NOT EXISTS FOR (r:CoordinationRequest) ON (r.status)',
    ],
  },
  {
    id: '0004-analysis-read-model',
    description: 'one ableness lock; status changes numbered in commit order, for read models to replay',
    statements: [
      'CREATE CONSTRAINT analysis_lock_id IF NOT EXISTS FOR (l:AnalysisLock) REQUIRE l.id IS UNIQUE',
      'CREATE CONSTRAINT status_change_seq IF NOT EXISTS FOR (c:StatusChange) REQUIRE c.seq IS UNIQUE',
    ],
  },
  {
    id: '0005-resumption-applications',
    description: 'resumption applications, and the key that keeps one open per enterprise',
    statements: [
      'CREATE CONSTRAINT resumption_application_id IF NOT EXISTS FOR (a:ResumptionApplication) REQUIRE a.id IS UNIQUE',
      // One node per enterprise: every filing for it MERGEs and locks it ...
      'CREATE CONSTRAINT open_application_enterprise IF NOT EXISTS FOR (o:OpenApplication) REQUIRE o.enterpriseId IS UNIQUE',
      // ... and while it has an open application exactly one edge carries its id: a second open one cannot commit.
      'CREATE CONSTRAINT open_application_key IF NOT EXISTS FOR ()-[f:OPEN_APPLICATION]-() REQUIRE f.enterpriseId IS UNIQUE',
      'CREATE INDEX resumption_application_status IF NOT EXISTS FOR (a:ResumptionApplication) ON (a.status)',
    ],
  },
  {
    id: '0006-logistics-and-mutual-aid',
    description: 'restrictions on deliveries, loans of stock, help requests and offers, each keyed by id',
    statements: [
      'CREATE CONSTRAINT restriction_id IF NOT EXISTS FOR (r:Restriction) REQUIRE r.id IS UNIQUE',
      'CREATE CONSTRAINT loan_id IF NOT EXISTS FOR (l:Loan) REQUIRE l.id IS UNIQUE',
      'CREATE CONSTRAINT help_request_id IF NOT EXISTS FOR (h:HelpRequest) REQUIRE h.id IS UNIQUE',
      'CREATE CONSTRAINT help_offer_id IF NOT EXISTS FOR (h:HelpOffer) REQUIRE h.id IS UNIQUE',
      'CREATE INDEX restriction_region IF NOT EXISTS FOR (r:Restriction) ON (r.region)',
      'CREATE INDEX loan_borrower IF NOT EXISTS FOR (l:Loan) ON (l.borrower)',
    ],
  },
  {
    id: '0007-restriction-changes',
    description: 'restrictions imposed and lifted through the API, numbered in the same order as status changes for read models to replay',
    statements: ['CREATE CONSTRAINT restriction_change_seq IF NOT EXISTS FOR (c:RestrictionChange) REQUIRE c.seq IS UNIQUE'],
  },
  {
    id: '0008-loan-changes',
    description: 'loans agreed and returned through the API, numbered in the same order as status changes for read models to replay',
    statements: ['CREATE CONSTRAINT loan_change_seq IF NOT EXISTS FOR (c:LoanChange) REQUIRE c.seq IS UNIQUE'],
  },
];

export async function runMigrations(db: Database): Promise<string[]> {
  const applied = new Set(
    (await db.query<{ id: string }>({ operation: 'migrations.list' }, 'MATCH (m:Migration) RETURN m.id AS id')).records.map((r) =>
      r.get('id'),
    ),
  );
  const ran: string[] = [];
  for (const migration of MIGRATIONS) {
    for (const statement of migration.statements) {
      await db.autoCommit({ operation: `migration.${migration.id}` }, statement);
    }
    if (!applied.has(migration.id)) {
      await db.query(
        { operation: `migration.${migration.id}` },
        'MERGE (m:Migration {id: $id}) ON CREATE SET m.description = $description, m.appliedAt = datetime()',
        { id: migration.id, description: migration.description },
        'WRITE',
      );
      ran.push(migration.id);
    }
  }
  await db.autoCommit({ operation: 'migrations.await' }, 'CALL db.awaitIndexes(300)');
  return ran;
}
