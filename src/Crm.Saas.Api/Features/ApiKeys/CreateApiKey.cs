using System.Security.Claims;
using Crm.Saas.Api.Infrastructure.Auth;
using Crm.Saas.Api.Infrastructure.Http;
using Crm.Saas.Api.Persistence;
using Crm.Saas.Api.Platform;
using Crm.Saas.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Crm.Saas.Api.Features.ApiKeys;

internal static class CreateApiKey
{
    private const int Attempts = 3;

    /// <summary>
    /// Issues the key for the token's tenant. The catalog keeps only its hash. Should the idempotency record (in the
    /// tenant's store) fail to commit after this, the key exists without anyone holding its secret: useless, and
    /// revocable from the list.
    /// </summary>
    public static async Task<CreatedResourceResult<CreatedApiKeyResponse>> Handle(
        CreateApiKeyRequest request, CatalogDbContext catalog, ITenantContextAccessor tenants, ClaimsPrincipal user, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var now = StoredTime.Of(clock.GetUtcNow().UtcDateTime);
        for (var attempt = 1; ; attempt++)
        {
            var (secret, prefix) = ApiKeySecret.Generate();
            var key = new ApiKey
            {
                Id = Guid.CreateVersion7(),
                TenantId = tenants.Required.Id,
                Name = request.Name!.Trim(),
                Prefix = prefix,
                SecretHash = ApiKeySecret.Hash(secret),
                Scopes = [.. request.Scopes!],
                CreatedByUserId = user.UserId(),
                CreatedAt = now,
                ExpiresAt = request.ExpiresAtUtc,
            };
            catalog.ApiKeys.Add(key);
            try
            {
                await catalog.SaveChangesAsync(cancellationToken);
                return new CreatedResourceResult<CreatedApiKeyResponse>(CreatedApiKeyResponse.From(key, secret), null, $"/v1/api-keys/{key.Id}");
            }
            catch (DbUpdateException e) when (e.IsUniqueViolation() && attempt < Attempts)
            {
                // Two keys drew the same 8-character prefix (47 random bits): draw again.
                catalog.Entry(key).State = EntityState.Detached;
            }
        }
    }
}
