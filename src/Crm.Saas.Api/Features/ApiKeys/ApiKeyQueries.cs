using Crm.Saas.Api.Infrastructure.Problems;
using Crm.Saas.Api.Platform;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Crm.Saas.Api.Features.ApiKeys;

/// <summary>A key by id, only ever within the token's tenant: another tenant's id reads exactly like an unknown one.</summary>
internal static class ApiKeyQueries
{
    public static IQueryable<ApiKey> OfTenant(this DbSet<ApiKey> keys, Guid tenantId, Guid id) =>
        keys.Where(k => k.Id == id && k.TenantId == tenantId);

    public static ProblemHttpResult NotFound() => ApiProblems.NotFound("API key");
}
