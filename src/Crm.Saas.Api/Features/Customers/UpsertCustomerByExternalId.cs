using Crm.Saas.Api.Features.Billing;
using Crm.Saas.Api.Features.Customers.Contracts;
using Crm.Saas.Api.Infrastructure.Http;
using Crm.Saas.Api.Infrastructure.Problems;
using Crm.Saas.Api.Infrastructure.Validation;
using Crm.Saas.Api.Persistence;
using Crm.Saas.Tenancy;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace Crm.Saas.Api.Features.Customers;

/// <summary>
/// <c>PUT /v1/customers/by-external-id/{externalId}</c>: a partner's sync writes its customer under its own id,
/// creating it the first time (201) and replacing its fields afterwards (200). <c>If-Match</c> is honoured when sent,
/// but not required: the partner's system is the source of truth for what it syncs. When sent, it is checked before
/// the body is validated.
/// </summary>
internal static class UpsertCustomerByExternalId
{
    public static async Task<IResult> Handle(
        string externalId, CustomerFields request, HttpRequest http, TenantDbContext db, IValidator<CustomerFields> validator, TimeProvider clock,
        INewCustomerMail welcome, IEntitlements entitlements, ITenantContextAccessor tenants, CancellationToken cancellationToken)
    {
        var existing = await CustomerQueries.LiveByExternalId(db, externalId, cancellationToken);
        if (existing is not null && http.Headers.IfMatch.Count > 0 && ETags.CheckIfMatch(http, existing.Version) is { } refused)
        {
            return refused;
        }

        if (await validator.RefuseInvalidAsync(request, cancellationToken) is { } invalid)
        {
            return invalid;
        }

        if (request.ExternalId is not null && request.ExternalId.Trim() != externalId.Trim())
        {
            return ApiProblems.Validation("externalId", "Must match the external id in the path, or be left out.");
        }

        var fields = request with { ExternalId = externalId };
        var now = StoredTime.Now(clock);

        if (await CustomerWrites.ConflictAsync(db, fields, existing?.Id, cancellationToken) is { } conflict)
        {
            return conflict;
        }

        if (existing is null && await entitlements.RefuseOverLimitAsync(tenants.Required.Id, PlanLimits.Customers, 1, cancellationToken) is { } overLimit)
        {
            return overLimit; // replacing a customer stays possible at the limit; creating one does not
        }

        var customer = existing ?? CustomerWrites.Add(db, fields, now, welcome);
        if (existing is not null)
        {
            CustomerWrites.Change(db, existing, fields, now);
        }

        try
        {
            if (await CustomerWrites.SaveAsync(db, fields, customer.Id, cancellationToken) is { } raced)
            {
                return raced;
            }
        }
        catch (DbUpdateConcurrencyException)
        {
            return ETags.Stale();
        }

        var body = CustomerResponse.From(customer);
        return existing is null
            ? ResourceResults.Created(body, customer.Version, $"/v1/customers/{customer.Id}")
            : ResourceResults.Ok(body, customer.Version);
    }
}
