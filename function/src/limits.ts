/** Limits the function must stay within so API Gateway and Lambda never fail a request for it. */
export const LIMITS_FOR_LAMBDA = {
  /** Below API Gateway's hard 30 s integration timeout, with room for the reply. */
  upstreamTimeoutMs: 25_000,
  /** Time kept back from the function's own deadline to answer 504 before Lambda ends it. */
  replyMarginMs: 1_000,
  /** A body returned through a synchronous invoke is base64 (4/3) inside a 6 MB response payload. */
  responseBodyBytes: 4 * 1024 * 1024,
} as const;
