// The Crm.Saas TypeScript client: openapi-fetch over the types generated from openapi/crm.v1.json, plus what partners
// need around it: a credential (a user's token or an API key), an Idempotency-Key on every creating call, a pager
// that follows nextCursor, and problem details as typed errors.
import createClient, { type Client, type Middleware } from "openapi-fetch";
import type { components, operations as Operations, paths } from "./schema.js";
import { documentVersion, operations, type OperationInfo } from "./operations.js";

export type { components, paths, Operations, OperationInfo };
export { documentVersion, operations };

/** A schema of the API by name: `Schema<"CustomerResponse">`. */
export type Schema<Name extends keyof components["schemas"]> = components["schemas"][Name];

/** An RFC 9457 problem as the API sends it, with the fields our problems add. */
export type Problem = components["schemas"]["ProblemDetails"] & {
  traceId?: string;
  errors?: Record<string, string[]>;
  [extension: string]: unknown;
};

export interface CrmClientOptions {
  /** Where the API lives, without /v1: "https://api.crm-saas.dev" or "http://localhost:5137". */
  baseUrl: string;
  /** A user's access token (from signup or POST /v1/auth/token), sent as Authorization: Bearer. */
  token?: string | (() => string | Promise<string>);
  /** A partner's API key (crm_live_…), sent as X-Api-Key. */
  apiKey?: string;
  /** Makes the Idempotency-Key the client adds when you send none. Default: crypto.randomUUID(). */
  idempotencyKey?: () => string;
  /** Another fetch (for tests, proxies or retries). */
  fetch?: typeof globalThis.fetch;
  /** Headers sent with every request. */
  headers?: Record<string, string>;
}

export type CrmClient = Client<paths>;

const problemTypeBase = "https://crm-saas.dev/problems/";

/** Thrown by {@link ok} (and the pager) when the API answers with an error. */
export class CrmProblemError extends Error {
  /** The HTTP status. */
  readonly status: number;
  /** The problem's stable type URI; branch on this (or on {@link kind}). */
  readonly type: string;
  readonly title: string | undefined;
  readonly detail: string | undefined;
  /** Quote it when you report a problem. */
  readonly traceId: string | undefined;
  /** For validation problems (400): each invalid field, by its JSON name, and what is wrong with it. */
  readonly errors: Record<string, string[]>;
  /** The whole problem, extensions included (requiredScope, existingId, remainingAmount, …). */
  readonly problem: Problem;
  /** Seconds to wait before retrying, from Retry-After (429). */
  readonly retryAfter: number | undefined;

  constructor(status: number, problem: Problem, retryAfter?: number) {
    super(`${status} ${problem.title ?? "Problem"}: ${problem.detail ?? problem.type ?? ""}`.trim());
    this.name = "CrmProblemError";
    this.status = status;
    this.type = problem.type ?? "about:blank";
    this.title = problem.title ?? undefined;
    this.detail = problem.detail ?? undefined;
    this.traceId = problem.traceId;
    this.errors = problem.errors ?? {};
    this.problem = problem;
    this.retryAfter = retryAfter;
  }

  /** The last segment of the type: "validation", "not-found", "insufficient-scope", … */
  get kind(): string {
    return this.type.startsWith(problemTypeBase) ? this.type.slice(problemTypeBase.length) : this.type;
  }
}

const idempotent = new Set(operations.filter((o) => o.idempotent).map((o) => `${o.method} ${o.path}`));

/** Creates a client. Call the API with `client.GET("/v1/customers", …)`, `client.POST(…)`; wrap calls in {@link ok}. */
export function createCrmClient(options: CrmClientOptions): CrmClient {
  const client = createClient<paths>({
    baseUrl: options.baseUrl.replace(/\/+$/, ""),
    fetch: options.fetch,
    headers: options.headers,
  });
  client.use(credentials(options), idempotencyKeys(options.idempotencyKey ?? (() => crypto.randomUUID())));
  return client;
}

function credentials(options: CrmClientOptions): Middleware {
  return {
    async onRequest({ request }) {
      if (options.apiKey && !request.headers.has("X-Api-Key")) {
        request.headers.set("X-Api-Key", options.apiKey);
      } else if (options.token && !request.headers.has("Authorization")) {
        const token = typeof options.token === "function" ? await options.token() : options.token;
        request.headers.set("Authorization", `Bearer ${token}`);
      }
      return request;
    },
  };
}

/**
 * Adds an Idempotency-Key to every call that takes one and has none, so that a create retried by the network stack
 * replays instead of creating twice. To retry a create yourself, send your own key and reuse it.
 */
function idempotencyKeys(newKey: () => string): Middleware {
  return {
    onRequest({ request, schemaPath }) {
      if (idempotent.has(`${request.method} ${schemaPath}`) && !request.headers.has("Idempotency-Key")) {
        request.headers.set("Idempotency-Key", newKey());
      }
      return request;
    },
  };
}

interface Result<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** The call's data, or a {@link CrmProblemError} carrying the problem details. */
export async function ok<T>(call: Promise<Result<T>> | Result<T>): Promise<T> {
  const { data, error, response } = await call;
  if (response.ok) {
    return data as T;
  }

  throw toProblemError(response, error);
}

/** Turns an error answer into a {@link CrmProblemError}, whether or not its body was a problem. */
export function toProblemError(response: Response, body: unknown): CrmProblemError {
  const retryAfter = response.headers.get("Retry-After");
  const problem: Problem =
    body && typeof body === "object"
      ? (body as Problem)
      : { type: "about:blank", title: response.statusText, status: response.status, detail: typeof body === "string" ? body : undefined };
  return new CrmProblemError(response.status, problem, retryAfter ? Number(retryAfter) : undefined);
}

/** The ETag of a response, to send as If-Match. */
export function etagOf(result: { response: Response }): string {
  const etag = result.response.headers.get("ETag");
  if (!etag) {
    throw new Error(`${result.response.url} sent no ETag`);
  }
  return etag;
}

interface PageOf<T> {
  data: T[];
  nextCursor?: string | null;
}

/**
 * Every item of a cursor-paginated list, page after page, following nextCursor until it is null or a page is empty
 * (the change feed, `updatedSince`, always hands out a cursor to poll with; an empty page means caught up):
 * `for await (const c of paginate((cursor) => client.GET("/v1/customers", { params: { query: { cursor } } }))) …`
 */
export async function* paginate<T>(fetchPage: (cursor: string | undefined) => Promise<Result<PageOf<T>>>): AsyncGenerator<T> {
  let cursor: string | undefined;
  do {
    const page = await ok(fetchPage(cursor));
    yield* page.data;
    cursor = page.data.length > 0 ? (page.nextCursor ?? undefined) : undefined;
  } while (cursor);
}

/** Collects a whole list (mind its size). */
export async function all<T>(items: AsyncIterable<T>): Promise<T[]> {
  const collected: T[] = [];
  for await (const item of items) {
    collected.push(item);
  }
  return collected;
}
