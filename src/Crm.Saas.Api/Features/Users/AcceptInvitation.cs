using Crm.Saas.Api.Features.Audit;
using Crm.Saas.Api.Features.Auth;
using Crm.Saas.Api.Features.Billing;
using Crm.Saas.Api.Infrastructure.Auth;
using Crm.Saas.Api.Infrastructure.Problems;
using Crm.Saas.Api.Infrastructure.Validation;
using Crm.Saas.Api.Persistence;
using Crm.Saas.Api.Platform;
using Crm.Saas.Tenancy;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Crm.Saas.Api.Features.Users;

/// <summary>
/// Anyone holding the invitation's token may accept it, once, before it expires: a new person chooses a password,
/// an existing user simply gains the membership (the token reached their mailbox). Either way they are signed in.
/// </summary>
internal static class AcceptInvitation
{
    public static async Task<IResult> Handle(
        AcceptInvitationRequest request, HttpContext http, CatalogDbContext catalog, IPasswordHasher<PlatformUser> hasher,
        RefreshTokens tokens, TenantDatabases databases, IEntitlements entitlements, TimeProvider clock, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var invitation = await catalog.Invitations.AsNoTracking()
            .FirstOrDefaultAsync(i => i.TokenHash == SecretTokens.Hash(request.Token), cancellationToken);
        var tenant = invitation is null ? null : await catalog.Tenants.AsNoTracking().FirstOrDefaultAsync(t => t.Id == invitation.TenantId, cancellationToken);
        if (invitation is null || tenant is not { Status: TenantStatus.Active }
            || invitation.AcceptedAt is not null || invitation.RevokedAt is not null || invitation.ExpiresAt <= now)
        {
            return Invalid();
        }

        var user = await catalog.Users.FirstOrDefaultAsync(u => u.EmailNormalized == invitation.EmailNormalized, cancellationToken);
        if (user is null && request.Password is null)
        {
            return ApiProblems.Validation("password", "Choose a password: this email has no account yet.");
        }

        if (user is not null && await catalog.Memberships.AnyAsync(m => m.TenantId == tenant.Id && m.UserId == user.Id, cancellationToken))
        {
            return ApiProblems.Problem(409, ProblemTypes.AlreadyMember, "Already a member", "You are already a member of this tenant.");
        }

        // The invitation already holds a seat (pending invitations count), so accepting adds none; it is refused only
        // when the plan shrank below the seats in use since the invitation was sent.
        if (await entitlements.RefuseOverLimitAsync(tenant.Id, PlanLimits.Users, 0, cancellationToken) is { } overLimit)
        {
            return overLimit;
        }

        await using var transaction = await catalog.Database.BeginTransactionAsync(cancellationToken);
        var claimed = await catalog.Invitations.Where(i => i.Id == invitation.Id && i.AcceptedAt == null && i.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.AcceptedAt, now), cancellationToken);
        if (claimed == 0)
        {
            return Invalid(); // accepted by a racing request a moment ago
        }

        if (user is null)
        {
            user = new PlatformUser { Id = Guid.CreateVersion7(), Email = invitation.Email, EmailNormalized = invitation.EmailNormalized, PasswordHash = "", CreatedAt = now };
            user.PasswordHash = hasher.HashPassword(user, request.Password!);
            catalog.Users.Add(user);
        }

        catalog.Memberships.Add(new Membership { TenantId = tenant.Id, UserId = user.Id, Role = invitation.Role, CreatedAt = now });
        await catalog.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        // No tenant is in scope for this anonymous call: write the audit entry to the tenant's store directly.
        await using (var db = databases.Open(tenant.ToInfo()))
        {
            db.AuditEvents.Add(AuditLog.Entry(http, ("user", user.Id), "AcceptInvitation", "users", user.Id.ToString(), 200, now));
            await db.SaveChangesAsync(cancellationToken);
        }

        var pair = await tokens.IssueAsync(user.Id, tenant.Id, invitation.Role, cancellationToken);
        return TypedResults.Ok(TokenResponse.From(pair));
    }

    private static IResult Invalid() =>
        ApiProblems.Problem(400, ProblemTypes.InvalidInvitation, "Invalid invitation",
            "This invitation link is unknown, expired, revoked or already used. Ask for a new one.");
}
