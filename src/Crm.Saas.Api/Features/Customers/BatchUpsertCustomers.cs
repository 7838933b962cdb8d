using System.Text.Json;
using Crm.Saas.Api.Features.Billing;
using Crm.Saas.Api.Features.Customers.Contracts;
using Crm.Saas.Api.Persistence;
using Crm.Saas.Tenancy;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Crm.Saas.Api.Features.Customers;

/// <summary>
/// <c>POST /v1/customers/batch</c>: up to 100 customers upserted by external id, else by email, else created.
/// Each item stands alone — a bad item gets its problem in its result and never fails the others — and the
/// results come back in the order of the items.
/// </summary>
internal static class BatchUpsertCustomers
{
    public const int MaxItems = 100;

    public static async Task<Ok<BatchResponse>> Handle(
        BatchRequest request, TenantDbContext db, IValidator<CustomerFields> validator, TimeProvider clock,
        IOptions<JsonOptions> json, INewCustomerMail welcome, IEntitlements entitlements, ITenantContextAccessor tenants, CancellationToken cancellationToken)
    {
        var results = new List<BatchItemResult>(request.Items!.Count);
        var limit = new CustomerLimit(entitlements, tenants.Required.Id);
        for (var index = 0; index < request.Items.Count; index++)
        {
            results.Add(await UpsertAsync(index, request.Items[index], db, validator, clock, json.Value.SerializerOptions, welcome, limit, cancellationToken));
        }

        return TypedResults.Ok(new BatchResponse(results));
    }

    private static async Task<BatchItemResult> UpsertAsync(
        int index, CustomerFields item, TenantDbContext db, IValidator<CustomerFields> validator, TimeProvider clock,
        JsonSerializerOptions json, INewCustomerMail welcome, CustomerLimit limit, CancellationToken cancellationToken)
    {
        var validation = await validator.ValidateAsync(item, cancellationToken);
        if (!validation.IsValid)
        {
            return Failed(index, Infrastructure.Problems.ApiProblems.Validation(validation.ToDictionary()), json);
        }

        var existing = item.ExternalId is { } externalId
            ? await CustomerQueries.LiveByExternalId(db, externalId, cancellationToken)
            : item.Email is { } email ? await CustomerQueries.LiveByEmail(db, email, cancellationToken) : null;
        if (await CustomerWrites.ConflictAsync(db, item, existing?.Id, cancellationToken) is { } conflict)
        {
            return Failed(index, conflict, json);
        }

        // Items that would create a customer beyond the plan fail alone; updates of existing customers go through.
        if (existing is null && await limit.RefuseAsync(cancellationToken) is { } overLimit)
        {
            return Failed(index, overLimit, json);
        }

        var now = StoredTime.Now(clock);
        var customer = existing ?? CustomerWrites.Add(db, item, now, welcome);
        if (existing is not null)
        {
            CustomerWrites.Change(db, existing, item, now);
        }

        if (await CustomerWrites.SaveAsync(db, item, customer.Id, cancellationToken) is { } raced)
        {
            return Failed(index, raced, json);
        }

        return new BatchItemResult(index, existing is null ? "created" : "updated", customer.Id, CustomerResponse.From(customer), null);
    }

    /// <summary>The item's problem, as the single endpoint would have answered it.</summary>
    private static BatchItemResult Failed(int index, IResult problem, JsonSerializerOptions json)
    {
        var details = problem switch
        {
            ProblemHttpResult p => JsonSerializer.SerializeToElement(p.ProblemDetails, json),
            ValidationProblem v => JsonSerializer.SerializeToElement(v.ProblemDetails, json),
            _ => default,
        };
        return new BatchItemResult(index, "error", null, null, details);
    }
}

/// <summary>The plan's customer limit, asked per creating item (items saved earlier in the batch count).</summary>
internal sealed class CustomerLimit(IEntitlements entitlements, Guid tenantId)
{
    public Task<ProblemHttpResult?> RefuseAsync(CancellationToken cancellationToken) =>
        entitlements.RefuseOverLimitAsync(tenantId, PlanLimits.Customers, 1, cancellationToken);
}

public sealed record BatchRequest(List<CustomerFields>? Items);

public sealed record BatchResponse(IReadOnlyList<BatchItemResult> Results);

/// <summary>One item's outcome: <c>created</c> or <c>updated</c> with the customer, or <c>error</c> with its problem details.</summary>
public sealed record BatchItemResult(int Index, string Status, Guid? Id, CustomerResponse? Customer, JsonElement? Problem);

internal sealed class BatchRequestValidator : AbstractValidator<BatchRequest>
{
    public BatchRequestValidator() =>
        RuleFor(r => r.Items).NotEmpty().Must(items => items is null || items.Count <= BatchUpsertCustomers.MaxItems)
            .WithMessage($"Send 1 to {BatchUpsertCustomers.MaxItems} items.")
            .Must(items => items is null || items.All(i => i is not null)).WithMessage("Items must be objects.");
}
