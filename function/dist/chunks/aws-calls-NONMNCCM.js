import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  registryToken,
  repositoryTagScan,
  secretString,
  ssmParameter
} from "./chunk-ZQF2TWBS.js";
export {
  registryToken,
  repositoryTagScan,
  secretString,
  ssmParameter
};
