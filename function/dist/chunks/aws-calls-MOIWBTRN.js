import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  registryToken,
  secretString,
  ssmParameter
} from "./chunk-IIQS5N3R.js";
export {
  registryToken,
  secretString,
  ssmParameter
};
