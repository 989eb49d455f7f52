import type { Resolvers } from '../../generated/graphql.ts';
import { Me } from './resolvers/Me.ts';
import { me } from './resolvers/Query/me.ts';
import { User } from './resolvers/User.ts';
import { moduleTypeDefs, type FugongModule } from '../module.ts';
import { createIdentityLoaders } from './loaders.ts';
import { AgencyDirectory } from './agencies.ts';

const resolvers: Resolvers = {
  Query: { me },
  Me,
  User,
};

export const identityModule: FugongModule = {
  name: 'identity',
  typeDefs: moduleTypeDefs(import.meta.url),
  resolvers,
  loaders: createIdentityLoaders,
  services: ({ db }, before) => {
    const agencies = new AgencyDirectory(db);
    before.datasets?.onLoaded(async () => agencies.forget());
    return { agencies };
  },
};

declare module '../context.ts' {
  interface ModuleServices {
    /** Whether the graph holds a token's agency. */
    agencies: AgencyDirectory;
  }
}

export { AgencyDirectory } from './agencies.ts';
export { assertMaySetStatus, authorize, decide, type Action } from './permissions.ts';
export type { CurrentUser, Role } from '../shared/user.ts';
