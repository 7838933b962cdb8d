using System.Globalization;
using Crm.Saas.Api.Infrastructure.Pagination;
using Crm.Saas.Api.Platform;
using Crm.Saas.Tenancy;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Crm.Saas.Api.Features.ApiKeys;

/// <summary>The tenant's keys by id (UUIDv7, so in creation order), revoked and expired ones included.</summary>
internal static class ListApiKeys
{
    public static async Task<Results<Ok<Page<ApiKeyResponse>>, ValidationProblem>> Handle(
        [AsParameters] ApiKeyListQuery query, IValidator<ApiKeyListQuery> validator, CatalogDbContext catalog, ITenantContextAccessor tenants,
        CancellationToken cancellationToken)
    {
        var validation = await validator.ValidateAsync(query, cancellationToken);
        if (!validation.IsValid)
        {
            return Infrastructure.Problems.ApiProblems.Validation(validation.ToDictionary());
        }

        var tenantId = tenants.Required.Id;
        var keys = catalog.ApiKeys.AsNoTracking().Where(k => k.TenantId == tenantId);
        if (Cursor.TryDecode<ApiKeyCursor>(query.Cursor, out var after) && after is not null)
        {
            keys = keys.Where(k => k.Id.CompareTo(after.Id) > 0);
        }

        var limit = query.ParsedLimit;
        var rows = await keys.OrderBy(k => k.Id).Take(limit + 1).ToListAsync(cancellationToken);
        var page = rows.Take(limit).Select(ApiKeyResponse.From).ToList();
        var next = rows.Count > limit ? Cursor.Encode(new ApiKeyCursor(page[^1].Id)) : null;
        return TypedResults.Ok(new Page<ApiKeyResponse>(page, next));
    }
}

/// <summary>Where the previous page ended.</summary>
internal sealed record ApiKeyCursor(Guid Id);

/// <summary>The list's query string, taken as text so that every bad value is a per-field 400.</summary>
public sealed record ApiKeyListQuery(
    [property: FromQuery(Name = "limit")] string? Limit,
    [property: FromQuery(Name = "cursor")] string? Cursor)
{
    internal int ParsedLimit => PageRules.ParseLimit(Limit);
}

internal sealed class ApiKeyListQueryValidator : AbstractValidator<ApiKeyListQuery>
{
    public ApiKeyListQueryValidator()
    {
        RuleFor(q => q.Limit).PageLimit();
        RuleFor(q => q.Cursor).PageCursor<ApiKeyListQuery, ApiKeyCursor>();
    }
}
