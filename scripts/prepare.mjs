// npm's `prepare`: runs after `npm install`/`npm ci` in a checkout and when npm installs this package from git, so
// dist/ (ignored by git) is built before the launchers in bin/ need it. Without devDependencies
// (`npm ci --omit=dev`) there is no esbuild to build with: say so and let the install finish.
import { createRequire } from 'node:module';

try {
  createRequire(import.meta.url).resolve('esbuild');
} catch {
  console.log('ecr-custom-domain: dist/ not built (no devDependencies); run npm run build after installing them');
  process.exit(0);
}
await import('./build.mjs');
