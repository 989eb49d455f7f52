/**
 * Every module of the API, once. The schema, the request context and the
 * services are built from this list; a new capability is a folder under
 * src/modules/ and a line here (codegen reads the folders themselves).
 * A module's services may use those of the modules before it.
 */
import { aidModule } from './aid/index.ts';
import { analysisModule } from './analysis/index.ts';
import { applicationsModule } from './applications/index.ts';
import { baseModule } from './base/index.ts';
import { coordinationModule } from './coordination/index.ts';
import { datasetsModule } from './datasets/index.ts';
import { enterprisesModule } from './enterprises/index.ts';
import { identityModule } from './identity/index.ts';
import { logisticsModule } from './logistics/index.ts';
import type { FugongModule } from './module.ts';
import { regionsModule } from './regions/index.ts';
import { suggestionsModule } from './suggestions/index.ts';

export const MODULES: readonly FugongModule[] = [
  baseModule,
  regionsModule,
  enterprisesModule,
  datasetsModule,
  analysisModule,
  identityModule,
  coordinationModule,
  suggestionsModule,
  applicationsModule,
  logisticsModule,
  aidModule,
];
