using Crm.Saas.Api.Platform;

namespace Crm.Saas.Api.Features.Users;

public sealed record InvitationRequest(string Email, TenantRole? Role);

public sealed record AcceptInvitationRequest(string Token, string? Password);

public sealed record ChangeRoleRequest(TenantRole? Role);

/// <summary>A member of the tenant: a user and their role here.</summary>
public sealed record MemberResponse(Guid UserId, string Email, TenantRole Role, DateTime JoinedAt);

/// <summary>A pending invitation. <c>token</c> and <c>acceptUrl</c> appear only in the answer that creates it.</summary>
public sealed record InvitationResponse(Guid Id, string Email, TenantRole Role, DateTime CreatedAt, DateTime ExpiresAt, string? Token, string? AcceptUrl)
{
    public static InvitationResponse From(Invitation invitation, string? token = null, string? acceptUrl = null) =>
        new(invitation.Id, invitation.Email, invitation.Role, invitation.CreatedAt, invitation.ExpiresAt, token, acceptUrl);
}
