// The partner flow against the real API: each step is one test, in order, sharing one tenant, so that a new step
// (redeem points, open and resolve a complaint) is one more test here using the same clients.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { all, createCrmClient, CrmProblemError, etagOf, ok, paginate, type CrmClient, type Schema } from "../src/index.js";
import { startApi, type RunningApi } from "./server.js";

describe("a partner's flow through the TypeScript SDK", () => {
  let api: RunningApi;
  let owner: CrmClient;
  let partner: CrmClient;
  let apiKey: Schema<"CreatedApiKeyResponse">;
  const customers: Schema<"CustomerResponse">[] = [];
  let purchase: Schema<"PurchaseResponse">;
  const slug = `sdk-ts-${Date.now().toString(36)}`;

  before(async () => {
    api = await startApi();
  });

  after(async () => {
    await api?.stop();
  });

  test("signs a business up and signs in with its owner's token", async () => {
    const anonymous = createCrmClient({ baseUrl: api.baseUrl });
    const signup = await ok(
      anonymous.POST("/v1/signup", {
        body: { companyName: "Acme Tea", slug, ownerEmail: `owner@${slug}.example`, ownerPassword: "Quiet-harbour-2026" },
      }),
    );
    assert.equal(signup.slug, slug);
    assert.ok(signup.accessToken.length > 20);
    owner = createCrmClient({ baseUrl: api.baseUrl, token: signup.accessToken });
  });

  test("issues an API key whose secret is shown once", async () => {
    apiKey = await ok(
      owner.POST("/v1/api-keys", {
        body: {
          name: "Shop sync",
          scopes: ["customers:read", "customers:write", "contacts:read", "contacts:write", "purchases:read", "purchases:write", "loyalty:read", "loyalty:write", "complaints:read", "complaints:write"],
        },
      }),
    );
    assert.match(apiKey.key, /^crm_live_/);
    const listed = await ok(owner.GET("/v1/api-keys/{id}", { params: { path: { id: apiKey.id } } }));
    assert.equal(listed.prefix, apiKey.prefix);
    assert.equal("key" in listed, false, "the secret is never shown again");
    partner = createCrmClient({ baseUrl: api.baseUrl, apiKey: apiKey.key });
  });

  test("creates customers with the API key; a create retried with its key replays", async () => {
    for (const [name, email] of [["Mei Lin", "mei@example.com"], ["Bo Chen", "bo@example.com"], ["Cy Wu", "cy@example.com"]] as const) {
      customers.push(
        await ok(partner.POST("/v1/customers", { body: { kind: "person", name, email, tags: ["vip"], consent: { email: true, sms: false } } })),
      );
    }
    assert.deepEqual(customers.map((c) => c.lifecycleStage), ["prospect", "prospect", "prospect"]);

    const body = { kind: "person" as const, name: "Dee Ho", email: "dee@example.com" };
    const first = await partner.POST("/v1/customers", { body, headers: { "Idempotency-Key": `${slug}-dee` } });
    const retry = await partner.POST("/v1/customers", { body, headers: { "Idempotency-Key": `${slug}-dee` } });
    assert.equal(first.response.status, 201);
    assert.equal(retry.response.headers.get("Idempotent-Replayed"), "true");
    assert.equal(retry.data?.id, first.data?.id);
    customers.push(first.data!);
  });

  test("records a purchase, reads it with its ETag and refunds part of it", async () => {
    purchase = await ok(
      partner.POST("/v1/customers/{customerId}/purchases", {
        params: { path: { customerId: customers[0]!.id } },
        body: {
          amount: 4200,
          currency: "EUR",
          occurredAt: new Date(Date.now() - 60_000).toISOString(),
          channel: "store",
          externalRef: `${slug}-pos-1`,
          lines: [{ sku: "TEA-OOLONG-100", name: "Oolong tea, 100 g", quantity: 2, amount: 4200 }],
        },
      }),
    );
    assert.equal(purchase.amount, 4200);

    const read = await partner.GET("/v1/purchases/{id}", { params: { path: { id: purchase.id } } });
    assert.equal(read.response.status, 200);
    assert.match(etagOf(read), /^"\d+"$/);

    const refund = await ok(
      partner.POST("/v1/purchases/{id}/refunds", { params: { path: { id: purchase.id } }, body: { amount: 1000, reason: "One tin arrived dented" } }),
    );
    assert.equal(refund.remainingAmount, 3200);

    const customer = await ok(partner.GET("/v1/customers/{id}", { params: { path: { id: customers[0]!.id } } }));
    assert.equal(customer.lifecycleStage, "active");
    assert.equal(customer.stats.purchaseCount, 1);
  });

  test("adds a contact at an organisation customer", async () => {
    const organisation = await ok(partner.POST("/v1/customers", { body: { kind: "organization", name: "Harbour Tea Ltd" } }));
    customers.push(organisation);
    const contact = await ok(
      partner.POST("/v1/customers/{customerId}/contacts", {
        params: { path: { customerId: organisation.id } },
        body: { name: "Ann Lee", role: "decision_maker", email: "ann@harbour.example", isPrimary: true },
      }),
    );
    assert.equal(contact.role, "decision_maker");
    const contacts = await all(
      paginate((cursor) => partner.GET("/v1/customers/{customerId}/contacts", { params: { path: { customerId: organisation.id }, query: { cursor } } })),
    );
    assert.deepEqual(contacts.map((c) => c.id), [contact.id]);
  });

  test("awards points to a customer and redeems some; too many is a 409 problem with the balance", async () => {
    const customerId = customers[0]!.id;
    await ok(partner.POST("/v1/loyalty/awards", { params: { header: { "Idempotency-Key": `${slug}-award-1` } }, body: { customerId, points: 500, reference: `${slug}-welcome`, reason: "Partner welcome" } }));
    const before = await ok(partner.GET("/v1/customers/{customerId}/loyalty", { params: { path: { customerId } } }));
    const redeemed = await ok(partner.POST("/v1/customers/{customerId}/loyalty/redeem", { params: { path: { customerId }, header: { "Idempotency-Key": `${slug}-redeem-1` } }, body: { points: 200, reason: "Free sample" } }));
    assert.equal(redeemed.balance, before.balance - 200);
    const tooMany = await ok(partner.POST("/v1/customers/{customerId}/loyalty/redeem", { params: { path: { customerId }, header: { "Idempotency-Key": `${slug}-redeem-2` } }, body: { points: 100000, reason: "Everything" } })).catch((e: unknown) => e);
    assert.ok(tooMany instanceof CrmProblemError);
    assert.equal(tooMany.status, 409);
  });

  test("opens a complaint, walks it to resolved and sees the customer flagged meanwhile", async () => {
    const complaint = await ok(partner.POST("/v1/complaints", { body: { customerId: customers[0]!.id, channel: "phone", category: "delivery", severity: 3, subject: "Dented tin", description: "One tin arrived dented." } }));
    assert.equal(complaint.status, "open");
    const flagged = await ok(partner.GET("/v1/customers/{id}", { params: { path: { id: customers[0]!.id } } }));
    assert.equal(flagged.openComplaints, 1);
    for (const action of ["/v1/complaints/{id}/acknowledge", "/v1/complaints/{id}/start"] as const) await ok(partner.POST(action, { params: { path: { id: complaint.id } } }));
    const resolved = await ok(partner.POST("/v1/complaints/{id}/resolve", { params: { path: { id: complaint.id } }, body: { resolutionNote: "Sent a new tin.", rootCause: "Packaging" } }));
    assert.equal(resolved.status, "resolved");
  });

  test("pages through every customer, two at a time, following nextCursor", async () => {
    const pages: number[] = [];
    const seen = await all(
      paginate(async (cursor) => {
        const page = await partner.GET("/v1/customers", { params: { query: { limit: 2, cursor } } });
        pages.push(page.data?.data.length ?? 0);
        return page;
      }),
    );
    assert.deepEqual(seen.map((c) => c.id).sort(), customers.map((c) => c.id).sort());
    assert.deepEqual(pages, [2, 2, 1]);
  });

  test("changes a customer with If-Match; a stale ETag is a 412 problem", async () => {
    const read = await partner.GET("/v1/customers/{id}", { params: { path: { id: customers[1]!.id } } });
    const etag = etagOf(read);
    const changed = await ok(
      partner.PATCH("/v1/customers/{id}", { params: { path: { id: customers[1]!.id }, header: { "If-Match": etag } }, body: { phone: "+886 2 2345 6789" } }),
    );
    assert.equal(changed.phone, "+886 2 2345 6789");
    const stale = await assert.rejects(
      ok(partner.PATCH("/v1/customers/{id}", { params: { path: { id: customers[1]!.id }, header: { "If-Match": etag } }, body: { phone: "+1" } })),
      (e: unknown) => e instanceof CrmProblemError && e.status === 412 && e.kind === "precondition-failed",
    );
    assert.equal(stale, undefined);
  });

  test("bad input is a typed problem error carrying the problem's fields", async () => {
    const error = await ok(partner.POST("/v1/customers", { body: { kind: "person", name: "", email: "not-an-email" } })).then(
      () => assert.fail("an invalid customer was created"),
      (e: unknown) => e,
    );
    assert.ok(error instanceof CrmProblemError);
    assert.equal(error.status, 400);
    assert.equal(error.type, "https://crm-saas.dev/problems/validation");
    assert.equal(error.kind, "validation");
    assert.ok(error.traceId, "a traceId to quote");
    assert.ok(error.errors["email"]?.length, "the email is named");
    assert.ok(error.errors["name"]?.length, "the name is named");

    const duplicate = await ok(partner.POST("/v1/customers", { body: { kind: "person", name: "Mei again", email: "MEI@example.com" } })).catch((e: unknown) => e);
    assert.ok(duplicate instanceof CrmProblemError);
    assert.equal(duplicate.status, 409);

    const missing = await ok(partner.GET("/v1/customers/{id}", { params: { path: { id: "0193f0c2-5b1e-7c3a-9d4e-2f6a8b1c0d3e" } } })).catch((e: unknown) => e);
    assert.ok(missing instanceof CrmProblemError);
    assert.equal(missing.status, 404);
  });

  test("creates carry an automatic Idempotency-Key and the API key; reads carry no Idempotency-Key", async () => {
    const sent: { method: string; path: string; idempotencyKey: string | null; apiKey: string | null }[] = [];
    const recording = createCrmClient({
      baseUrl: api.baseUrl,
      apiKey: apiKey.key,
      fetch: async (input: RequestInfo | URL, init?: RequestInit) => {
        const request = new Request(input, init);
        sent.push({
          method: request.method,
          path: new URL(request.url).pathname,
          idempotencyKey: request.headers.get("Idempotency-Key"),
          apiKey: request.headers.get("X-Api-Key"),
        });
        return fetch(request);
      },
    });
    const created = await ok(recording.POST("/v1/customers", { body: { kind: "person", name: "Eve Ng" } }));
    customers.push(created);
    await ok(recording.GET("/v1/customers/{id}", { params: { path: { id: created.id } } }));
    assert.equal(sent.length, 2);
    assert.match(sent[0]!.idempotencyKey ?? "", /^[0-9a-f-]{36}$/);
    assert.equal(sent[0]!.apiKey, apiKey.key);
    assert.deepEqual([sent[1]!.method, sent[1]!.idempotencyKey], ["GET", null]);
  });

  test("a key without the scope gets 403 naming the scope it needs", async () => {
    const readOnly = await ok(owner.POST("/v1/api-keys", { body: { name: "Read only", scopes: ["customers:read"] } }));
    const reader = createCrmClient({ baseUrl: api.baseUrl, apiKey: readOnly.key });
    const error = await ok(reader.POST("/v1/customers", { body: { kind: "person", name: "Nope" } })).catch((e: unknown) => e);
    assert.ok(error instanceof CrmProblemError);
    assert.equal(error.status, 403);
    assert.equal(error.kind, "insufficient-scope");
    assert.equal(error.problem["requiredScope"], "customers:write");
  });
});
