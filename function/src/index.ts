import { readConfig } from './config.ts';
import { createHandler } from './handler.ts';

// Read and validate once at init: a bad ECR_REGISTRY fails the cold start with one clear line.
const config = readConfig(process.env);

export const handler = createHandler(config, (line) => {
  process.stdout.write(`${line}\n`);
});
