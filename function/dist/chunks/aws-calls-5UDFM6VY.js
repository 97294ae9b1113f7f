import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  registryToken,
  secretString,
  ssmParameter
} from "./chunk-FUX6A33Y.js";
export {
  registryToken,
  secretString,
  ssmParameter
};
