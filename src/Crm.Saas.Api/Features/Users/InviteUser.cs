using Crm.Saas.Api.Infrastructure.Auth;
using Crm.Saas.Api.Infrastructure.Http;
using Crm.Saas.Api.Infrastructure.Problems;
using Crm.Saas.Api.Platform;
using Crm.Saas.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Crm.Saas.Api.Features.Users;

internal static class InviteUser
{
    public const string TokenPrefix = "crm_inv_";

    /// <summary>
    /// Records an invitation and returns its single-use link to the admin, who passes it on (the invitation mail is
    /// sent through the mail pipeline once that exists).
    /// </summary>
    public static async Task<IResult> Handle(
        InvitationRequest request, HttpContext http, CatalogDbContext catalog, ITenantContextAccessor tenant,
        IOptions<AuthOptions> options, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (MembershipRules.RefuseUnlessAllowed(http.User, request.Role) is { } refused)
        {
            return refused;
        }

        var tenantId = tenant.Required.Id;
        var email = request.Email.Trim();
        var normalized = email.ToLowerInvariant();
        var alreadyMember = await (
            from m in catalog.Memberships
            join u in catalog.Users on m.UserId equals u.Id
            where m.TenantId == tenantId && u.EmailNormalized == normalized
            select m).AnyAsync(cancellationToken);
        if (alreadyMember)
        {
            return ApiProblems.Problem(409, ProblemTypes.AlreadyMember, "Already a member", "This person is already a member of this tenant.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var token = SecretTokens.New(TokenPrefix);
        var invitation = new Invitation
        {
            Id = Guid.CreateVersion7(),
            TenantId = tenantId,
            Email = email,
            EmailNormalized = normalized,
            Role = request.Role!.Value,
            TokenHash = SecretTokens.Hash(token),
            InvitedByUserId = http.User.UserId()!.Value,
            CreatedAt = now,
            ExpiresAt = now + options.Value.InvitationLifetime,
        };
        catalog.Invitations.Add(invitation);
        await catalog.SaveChangesAsync(cancellationToken);

        var acceptUrl = $"{http.Request.Scheme}://{http.Request.Host}/invitations/accept?token={Uri.EscapeDataString(token)}";
        return ResourceResults.Created(InvitationResponse.From(invitation, token, acceptUrl), 1, $"/v1/users/invitations/{invitation.Id}");
    }
}
