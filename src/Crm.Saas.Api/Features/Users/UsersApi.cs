using Crm.Saas.Api.Features.Billing;
using Crm.Saas.Api.Infrastructure;
using Crm.Saas.Api.Infrastructure.Auth;
using Crm.Saas.Api.Infrastructure.Http;
using Crm.Saas.Api.Infrastructure.Validation;

namespace Crm.Saas.Api.Features.Users;

/// <summary>The people who work in a tenant: members, roles, invitations.</summary>
public static class UsersApi
{
    public static void MapUsers(this IEndpointRouteBuilder v1)
    {
        var users = v1.MapGroup("/users").WithTags("Users");

        users.MapGet("/", ListUsers.Handle).WithName("ListUsers")
            .WithSummary("List the tenant's members and their roles.").RequireAuthorization(Policies.Member)
            .Produces<Infrastructure.Pagination.Page<MemberResponse>>();
        users.MapPatch("/{userId:guid}", ChangeRole.Handle).WithName("ChangeUserRole")
            .WithSummary("Change a member's role (owners only for the owner role; the last owner stays).")
            .RequireAuthorization(Policies.Admin).Validate<ChangeRoleRequest>().WithoutIfMatch()
            .Produces<MemberResponse>().ProducesProblem(404).ProducesProblem(409);
        users.MapDelete("/{userId:guid}", RemoveUser.Handle).WithName("RemoveUser")
            .WithSummary("Remove a member from the tenant and end their sessions here.")
            .RequireAuthorization(Policies.Admin).WithoutIfMatch().Produces(204).ProducesProblem(404).ProducesProblem(409);

        users.MapPost("/invitations", InviteUser.Handle).WithName("InviteUser")
            .WithSummary("Invite someone by email with a role; returns the single-use link.")
            .RequireAuthorization(Policies.Admin).Validate<InvitationRequest>().WithinPlanLimit(PlanLimits.Users)
            .Produces<InvitationResponse>(201).ProducesProblem(409);
        users.MapGet("/invitations", PendingInvitations.List).WithName("ListInvitations")
            .WithSummary("List pending invitations.").RequireAuthorization(Policies.Admin)
            .Produces<Infrastructure.Pagination.Page<InvitationResponse>>();
        users.MapDelete("/invitations/{id:guid}", PendingInvitations.Revoke).WithName("RevokeInvitation")
            .WithSummary("Revoke a pending invitation.").RequireAuthorization(Policies.Admin).WithoutIfMatch().Produces(204).ProducesProblem(404);

        v1.MapPost("/invitations/accept", AcceptInvitation.Handle).WithName("AcceptInvitation").WithTags("Users")
            .WithSummary("Accept an invitation with its token (choosing a password if new); signs you in to the tenant.")
            .AllowAnonymous().RequireRateLimiting(RateLimits.AnonymousPolicy).Validate<AcceptInvitationRequest>()
            .Produces<Auth.TokenResponse>().ProducesProblem(403).ProducesProblem(409).ProducesProblem(429);
    }
}
