/** The Lambda entry: the configuration read and checked once at init, a bad variable failing the cold start with one clear line. */
import { readConfig } from '../../src/core/config.ts';
import { createAlias } from './alias.ts';

// ready and stats serve `ecr-custom-domain serve --handler` (its /readyz and /metrics); Lambda calls handler only.
export const { handler, ready, stats } = createAlias(readConfig(process.env));
